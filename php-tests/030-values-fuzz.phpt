--TEST--
Values fuzz: 3000 seeded random nested values; each is published exactly as json_encode() describes it (keys in JavaScript's order) or refused with EncodingException and nothing published
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
require __DIR__ . '/_msgpack.php';

enum FuzzInt: int { case A = 7; case Min = PHP_INT_MIN; }
enum FuzzStr: string { case A = 'a'; case U = "\u{1F600}\0"; }
enum FuzzPure { case A; }

class FuzzJson implements JsonSerializable
{
    public function __construct(private mixed $v) {}
    public function jsonSerialize(): mixed { return $this->v; }
}

class FuzzProps
{
    public $a;
    protected $hidden = 'h';
    private $secret = 's';
    public int $typed;              // uninitialised half of the time
    public ?array $list = null;
}

/** Values json_encode() and the extension must agree on (no Binary, no DateTime, no Closure). */
final class FuzzGen
{
    /** Earlier arrays and objects, reused so that siblings share values. */
    private array $pool = [];

    private function r(int $n): int { return mt_rand(0, $n - 1); }

    private function pick(array $a): mixed { return $a[$this->r(count($a))]; }

    private function int(): int
    {
        return $this->pick([0, 1, -1, 127, 128, -32, -33, 255, 256, 65535, 65536, -129, -32769, 4294967295,
            4294967296, -2147483649, PHP_INT_MAX, PHP_INT_MIN, 9007199254740993, mt_rand(), -mt_rand()]);
    }

    private function float(): float
    {
        if ($this->r(40) === 0) {
            return $this->pick([NAN, INF, -INF]);
        }
        return $this->pick([0.0, -0.0, 1.0, -1.5, 0.1, 1e300, -1e-300, 5e-324, 2.2250738585072014e-308,
            1.7976931348623157e308, 9007199254740993.0, mt_rand() / 3, 3.0e-310, 1e21, 1e-7]);
    }

    private function string(): string
    {
        $pieces = ['a', 'Z', ' ', "\0", '"', '\\', "\n", 'é', '€', "\u{1F600}", "\u{FFFF}", "\u{10FFFF}", '0', '-', '/', "'", "\x7f"];
        $s = '';
        for ($i = $this->r(6); $i > 0; $i--) {
            $s .= $this->pick($pieces);
        }
        if ($this->r(60) === 0) {
            $s .= $this->pick(["\xff", "\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"]);
        }
        return $s;
    }

    private function key(): int|string
    {
        return match ($this->r(9)) {
            0, 1 => $this->r(6),
            2 => $this->int(),
            3 => $this->pick(['01', '-0', ' 1', '1.5', '4294967294', '4294967295', '', '00', '+1', '0x1', '1e3']),
            default => $this->string() . $this->pick(['k', 'é', '']),
        };
    }

    public function value(int $depth): mixed
    {
        if ($depth <= 0 || $this->r(3) === 0) {
            return match ($this->r(8)) {
                0 => null,
                1 => (bool) $this->r(2),
                2, 3 => $this->int(),
                4 => $this->float(),
                default => $this->string(),
            };
        }
        $v = match ($this->r(12)) {
            0, 1 => $this->list($depth),
            2 => $this->holes($depth),
            3, 4 => $this->map($depth),
            5 => $this->object($depth),
            6 => new FuzzJson($this->value($depth - 1)),
            7 => $this->pick([FuzzInt::A, FuzzInt::Min, FuzzStr::A, FuzzStr::U, $this->r(10) === 0 ? FuzzPure::A : FuzzInt::A]),
            8 => new ArrayObject($this->map($depth)),
            9 => $this->declared($depth),
            10 => $this->pool ? $this->pick($this->pool) : [],
            default => $this->withRefs($depth),
        };
        if (is_array($v) || is_object($v)) {
            $this->pool[] = $v;
            if (count($this->pool) > 50) {
                array_shift($this->pool);
            }
        }
        return $v;
    }

    private function list(int $depth): array
    {
        $out = [];
        for ($i = $this->r(5); $i > 0; $i--) {
            $out[] = $this->value($depth - 1);
        }
        return $out;
    }

    /** Lists with a hole: packed arrays that are not lists. */
    private function holes(int $depth): array
    {
        $out = $this->list($depth);
        $out[] = 'tail';
        if ($this->r(2) === 0) {
            unset($out[0]);
        } else {
            array_pop($out);
            $out[count($out) + 3] = 'gap';
        }
        return $out;
    }

    private function map(int $depth): array
    {
        $out = [];
        for ($i = $this->r(5); $i > 0; $i--) {
            $out[$this->key()] = $this->value($depth - 1);
        }
        return $out;
    }

    private function object(int $depth): stdClass
    {
        $o = new stdClass();
        for ($i = $this->r(4); $i > 0; $i--) {
            $k = (string) $this->key();
            if ($k === '' || $k[0] === "\0") {
                $k = 'p' . $k;
            }
            $o->$k = $this->value($depth - 1);
        }
        return $o;
    }

    private function declared(int $depth): FuzzProps
    {
        $o = new FuzzProps();
        $o->a = $this->value($depth - 1);
        if ($this->r(2) === 0) {
            $o->typed = $this->int();
        }
        if ($this->r(2) === 0) {
            $o->list = $this->list($depth);
        }
        return $o;
    }

    /** PHP references (`&$x`) in list and map slots. */
    private function withRefs(int $depth): array
    {
        $x = $this->value($depth - 1);
        $out = [&$x, 'k' => &$x];
        if ($this->r(2) === 0) {
            $out[] = $this->value($depth - 1);
        }
        return $out;
    }
}

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());
mt_srand(20241122);
$gen = new FuzzGen();
$published = $refused = 0;
$reasons = [];
for ($i = 0; $i < 3000; $i++) {
    $value = $gen->value(mt_rand(0, 6));
    $expected = socketio_render_json_of($value);
    try {
        $io->emit('v', $value);
    } catch (Throwable $e) {
        $refused++;
        // "<where>: <why>"; the generated keys hold no ": ", the reasons neither.
        $cut = strrpos($e->getMessage(), ': ');
        $reasons[get_class($e) . ': ' . substr($e->getMessage(), $cut + 2)] = true;
        if ($expected !== null) {
            echo "#$i refused although json_encode() accepts it: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
        if ($cut === false || !str_starts_with($e->getMessage(), '$args[0]')) {
            echo "#$i message does not start with the place: ", $e->getMessage(), "\n";
        }
        if (($seen = $spy->nothing()) !== 'nothing published') {
            echo "#$i refused but $seen\n";
        }
        continue;
    }
    $published++;
    $message = $spy->next();
    $got = $message === null ? 'NOTHING PUBLISHED' : socketio_render_msgpack(socketio_test_emitted_arg($message[1]));
    if ($got !== $expected) {
        echo "#$i differs\n  sent:        $got\n  json_encode: ", $expected ?? '(refuses: ' . json_last_error_msg() . ')', "\n";
    }
}
echo "one message per emit: ", $spy->nothing(), "\n";
echo "published > 2500: ", var_export($published > 2500, true), ", refused > 50: ", var_export($refused > 50, true), "\n";
ksort($reasons);
echo implode("\n", array_keys($reasons)), "\n";
?>
--EXPECT--
one message per emit: nothing published
published > 2500: true, refused > 50: true
SocketIO\EncodingException: array key is not valid UTF-8
SocketIO\EncodingException: float -INF cannot be sent (only finite numbers)
SocketIO\EncodingException: float INF cannot be sent (only finite numbers)
SocketIO\EncodingException: float NAN cannot be sent (only finite numbers)
SocketIO\EncodingException: non-backed enum FuzzPure cannot be sent
SocketIO\EncodingException: property name is not valid UTF-8
SocketIO\EncodingException: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
