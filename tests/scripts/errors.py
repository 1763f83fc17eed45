a = rdpcap('samples/blogexample.pcap')
n = 0
for p in a:
    try:
        q = p[DNS].qd.qname
        print('dns', q)
    except IndexError:
        n += 1
print(n)
try:
    x = {}['missing']
except KeyError as e:
    print('no key')
else:
    print('not here')
finally:
    print('done')
def first_tcp(pkts):
    for p in pkts:
        try:
            return p[TCP].sport
        except (IndexError, AttributeError):
            continue
    return None
print(first_tcp(a))
try:
    1 / 0
except ZeroDivisionError:
    print('zero')
try:
    try:
        [][1]
    except IndexError:
        raise
except Exception:
    print('reraised')
if __name__ == '__main__':
    print('main')
