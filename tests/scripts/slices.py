# Slices: read with any step (steps past 64 bits end the slice), assigned and deleted,
# as scripts trim buffers and lists.
x = list(range(10))
print(x[6:10**18:10**40], x[3::2**63-1], x[::-(2**63)], x[8:0:-2**70], 'abc'[1::10**30], b'abcd'[::-10**19], (1, 2, 3)[::2**64])
del x[1::2**63-1]
print(x)
del x[:2]
print(x)
del x[::3]
print(x)
del x[-1:]
print(x)
y = list(range(5)); y[::2**63-1] = [9]; print(y)
y[1:3] = 'abc'; print(y)
y[10:20] = [0]; print(y)
y[-2:1] = (7, 8); print(y)
y[:] = []; print(y)
z = list(range(6)); z[::2] = [0, 0, 0]; print(z)
z[::-2] = 'xyz'; print(z)
try:
    z[::2] = [1]
except ValueError as e:
    print(e)
try:
    del 'abc'[1:]
except TypeError as e:
    print(e)
try:
    t = (1, 2); t[0:1] = [3]
except TypeError as e:
    print(e)
buf = [1, 2, 3, 4, 5]
while buf:
    chunk = buf[:2]
    del buf[:2]
    print(chunk)
