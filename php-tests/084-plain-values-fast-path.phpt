--TEST--
Plain values (null, bool, int, float, string, arrays of those) take a fast path straight to msgpack: for 4000 seeded random values it publishes exactly what the full conversion publishes for the same value behind jsonSerialize(), and refuses exactly what it refuses, with the same message
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

/** An object is never plain: its value goes the full conversion's way, whatever it holds. */
final class Wrapped implements JsonSerializable
{
    public function __construct(private mixed $v) {}
    public function jsonSerialize(): mixed { return $this->v; }
}

final class PlainGen
{
    private function r(int $n): int { return mt_rand(0, $n - 1); }

    private function pick(array $a): mixed { return $a[$this->r(count($a))]; }

    public function value(int $depth): mixed
    {
        if ($depth <= 0 || $this->r(3) === 0) {
            return match ($this->r(9)) {
                0 => null,
                1 => (bool) $this->r(2),
                2, 3 => $this->pick([0, 1, -1, 31, 127, 128, -32, -33, 255, 256, 65535, 65536, -129, -32769,
                    4294967295, 4294967296, -2147483649, PHP_INT_MAX, PHP_INT_MIN, mt_rand(), -mt_rand()]),
                4 => $this->r(30) === 0 ? $this->pick([NAN, INF, -INF])
                    : $this->pick([0.0, -0.0, 1.0, 2.5, -1e-300, 5e-324, 1.7976931348623157e308, mt_rand() / 7]),
                5 => str_repeat($this->pick(['x', 'é', '€']), $this->pick([0, 1, 31, 32, 255, 256, 70000])),
                default => $this->string(),
            };
        }
        return match ($this->r(7)) {
            0, 1 => $this->list($depth),
            2 => $this->holes($depth),
            3, 4 => $this->map($depth),
            5 => $this->intKeys($depth),
            default => $this->withRef($depth),
        };
    }

    private function string(): string
    {
        $s = '';
        for ($i = $this->r(8); $i > 0; $i--) {
            $s .= $this->pick(['a', 'Z', ' ', "\0", '"', "\n", 'é', '€', "\u{1F600}", "\u{10FFFF}", '0', "\x7f"]);
        }
        return $this->r(40) === 0 ? $s . $this->pick(["\xff", "\xc3", "\xed\xa0\x80"]) : $s;
    }

    private function list(int $depth): array
    {
        $out = [];
        for ($i = $this->r(5); $i > 0; $i--) {
            $out[] = $this->value($depth - 1);
        }
        return $out;
    }

    /** Packed arrays that are not lists: a gap, or the first element removed. */
    private function holes(int $depth): array
    {
        $out = $this->list($depth);
        $out[] = 'tail';
        if ($this->r(2) === 0) {
            unset($out[0]);
        } else {
            $out[count($out) + 2] = 'gap';
        }
        return $out;
    }

    /** String keys, some that JavaScript keeps in insertion order although they look numeric. */
    private function map(int $depth): array
    {
        $out = [];
        for ($i = $this->r(5); $i > 0; $i--) {
            $key = $this->pick(['id', 'name', 'é', '', '01', '-0', ' 1', '1.5', '00', "k\0", 'x' . $this->r(9)]);
            if ($this->r(40) === 0) {
                $key .= "\xff";
            }
            $out[$key] = $this->value($depth - 1);
        }
        return $out;
    }

    /** Integer keys out of list order, alone or mixed with names: JavaScript reorders them. */
    private function intKeys(int $depth): array
    {
        $out = $this->r(2) ? ['name' => 'n'] : [];
        for ($i = $this->r(4) + 1; $i > 0; $i--) {
            $out[$this->pick([3, 0, 1, 10, -1, 4294967294, 4294967295])] = $this->value($depth - 1);
        }
        return $out;
    }

    private function withRef(int $depth): array
    {
        $x = $this->value($depth - 1);
        return $this->r(2) ? [&$x] : ['k' => &$x, 'v' => 1];
    }
}

/** [bytes published, or "Class: message" when refused (then nothing may be published)]. */
function outcome(RedisSpy $spy, SocketIO\Emitter $io, array $args): string
{
    try {
        $io->emit('v', ...$args);
    } catch (Throwable $e) {
        $seen = $spy->nothing();
        return get_class($e) . ': ' . $e->getMessage() . ($seen === 'nothing published' ? '' : " BUT $seen");
    }
    $m = $spy->next();
    return $m === null ? 'NOTHING PUBLISHED' : $m[0] . ' ' . bin2hex($m[1]);
}

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());
mt_srand(20261202);
$gen = new PlainGen();
$same = $refused = 0;
for ($i = 0; $i < 4000; $i++) {
    $args = [];
    for ($n = mt_rand(1, 2); $n > 0; $n--) {
        $args[] = $gen->value(mt_rand(0, 5));
    }
    $plain = outcome($spy, $io, $args);
    $full = outcome($spy, $io, array_map(fn ($v) => new Wrapped($v), $args));
    if ($plain !== $full) {
        echo "#$i differs\n  plain: ", substr($plain, 0, 300), "\n  full:  ", substr($full, 0, 300), "\n";
        continue;
    }
    $same++;
    if (str_starts_with($plain, 'SocketIO\\')) {
        $refused++;
    }
}
// Nesting deeper than the fast path goes, and a payload large enough to count against
// memory_limit: the full conversion's answers too.
$deep = 'leaf';
for ($d = 0; $d < 100; $d++) {
    $deep = ['d' => $deep, 'l' => [$d]];
}
$big = array_fill(0, 5000, str_repeat('é', 200));
foreach (['deep' => $deep, 'big' => $big] as $name => $v) {
    $plain = outcome($spy, $io, [$v]);
    $full = outcome($spy, $io, [new Wrapped($v)]);
    echo "$name: ", $plain === $full ? 'same' : "DIFFERS\n  " . substr($plain, 0, 200) . "\n  " . substr($full, 0, 200), "\n";
}
echo "same: $same of 4000, refused: ", var_export($refused > 40 && $refused < 1000, true), "\n";
echo "one message per emit: ", $spy->nothing(), "\n";
?>
--EXPECT--
deep: same
big: same
same: 4000 of 4000, refused: true
one message per emit: nothing published
