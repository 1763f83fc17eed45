# Whole packets as numbers, as scripts that hash or encode payloads make them: past
# 4300 decimal digits Python refuses to print one (ValueError), and so does pcapsh;
# hexadecimal has no limit.
import sys

pkts = rdpcap(sys.argv[1] if len(sys.argv) > 1 else 'samples/mixed.pcap')
product = 1
for i, p in enumerate(pkts[:40]):
    n = int.from_bytes(raw(p), 'big')
    product *= n | 1
    try:
        text = str(product)
        print("%d: %d bytes, product has %d digits, ends %s" % (i, len(p), len(text), text[-6:]))
    except ValueError as e:
        print("%d: %s" % (i, e))
        print("   in hex: %d digits, ends %s" % (len(hex(product)), hex(product)[-6:]))
        break

big = product
for label, make in [('str', lambda: str(big)), ('repr', lambda: repr(big)),
                    ('format', lambda: '{:d}'.format(big)), ('%d', lambda: '%d' % big),
                    ('f-string', lambda: f'{big}'), ('list', lambda: str([1, big])),
                    ('int()', lambda: int('7' * 4301)), ('int() base 16', lambda: int('7' * 4301, 16) > 0)]:
    try:
        print(label, len(make()) if not isinstance(make(), bool) else make())
    except ValueError as e:
        print(label, 'ValueError:', str(e)[:40])

print(sys.get_int_max_str_digits())
sys.set_int_max_str_digits(0)
print(len(str(big)) > 4300, str(big)[:12])
try:
    sys.set_int_max_str_digits(100)
except ValueError as e:
    print(e)
sys.set_int_max_str_digits(5000)
print(len(str(10 ** 4999)))
try:
    print(10 ** 5000)
except ValueError as e:
    print(str(e)[:40])
