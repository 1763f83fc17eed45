# A script's own exception classes: raise, except by class or base, args, str, repr.
class ParseError(Exception):
    pass

class BadPacket(ValueError):
    def __init__(self, idx, why):
        super().__init__("packet %d: %s" % (idx, why))
        self.idx = idx

def check(i):
    if i == 2:
        raise BadPacket(i, "too short")
    if i == 3:
        raise ParseError("cannot parse %d" % i)
    return i

for i in range(5):
    try:
        print(check(i))
    except BadPacket as e:
        print("bad", e.idx, e, type(e).__name__)
    except ParseError as e:
        print("parse", e, repr(e), e.args)
try:
    check(2)
except ValueError as e:
    print("as ValueError:", e)
try:
    check(3)
except Exception as e:
    print("as Exception:", e, isinstance(e, ParseError))
class AppError(Exception):
    """Base."""

class Timeout(AppError):
    def __init__(self, secs):
        self.secs = secs
    def __str__(self):
        return "timed out after %ds" % self.secs

class Custom(RuntimeError):
    pass

for exc in [Timeout(5), Custom("x", 2), AppError(), KeyError("k")]:
    try:
        raise exc
    except AppError as e:
        print("app", type(e).__name__, str(e), e.args, isinstance(e, Timeout))
    except Exception as e:
        print("other", type(e).__name__, repr(e), e.args)
try:
    raise Custom
except RuntimeError as e:
    print("runtime", repr(e))
try:
    try:
        raise Timeout(3)
    except Timeout:
        raise
except AppError as e:
    print("reraised", e)
print(issubclass(Timeout, AppError), issubclass(Timeout, Exception))
e = Custom("boom")
print(e, repr(e))
