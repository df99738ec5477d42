--TEST--
Values: JsonSerializable, DateTimeInterface (UTC ISO 8601 with ms), backed enums, objects (public properties only)
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

enum Suit: string { case Hearts = 'hearts'; }
enum Level: int { case Low = 1; case High = 300; }

class Point implements JsonSerializable
{
    public function __construct(private int $x, private int $y) {}
    public function jsonSerialize(): mixed { return ['x' => $this->x, 'y' => $this->y]; }
}
class Wrapper implements JsonSerializable
{
    public function __construct(private mixed $inner) {}
    public function jsonSerialize(): mixed { return $this->inner; }
}
class Person
{
    public string $name = 'ann';
    public int $unset;              // uninitialized: left out, as json_encode does
    protected string $secret = 'p';
    private string $hidden = 'q';
    public ?array $tags = ['a'];
    public static int $count = 7;   // static: not part of the object
}

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

$dyn = new stdClass();
$dyn->b = 1;
$dyn->{'1'} = 'one';
$dyn->a = 2;
$dyn->{'0'} = 'zero';
$nested = new stdClass();
$nested->p = new Person();
$nested->list = [new Point(1, 2), Suit::Hearts];

$cases = [
    'JsonSerializable -> map' => new Point(3, -4),
    'JsonSerializable -> string' => new Wrapper('s'),
    'JsonSerializable -> null' => new Wrapper(null),
    'JsonSerializable -> list' => new Wrapper([1, 2]),
    'JsonSerializable nested' => new Wrapper(new Wrapper(new Point(0, 0))),
    'DateTimeImmutable Berlin' => new DateTimeImmutable('2023-11-14 23:13:20.123456', new DateTimeZone('Europe/Berlin')),
    'DateTime New_York' => new DateTime('2023-11-14 17:13:20.123', new DateTimeZone('America/New_York')),
    'DateTimeImmutable +05:30' => new DateTimeImmutable('2023-11-15T03:43:20.123+05:30'),
    'DateTime UTC no ms' => new DateTime('@0'),
    'backed enum string' => Suit::Hearts,
    'backed enum int' => Level::High,
    'backed enum small int' => Level::Low,
    'stdClass empty' => new stdClass(),
    'stdClass keys (JS order)' => $dyn,
    'public props only' => new Person(),
    'nested objects' => $nested,
];
foreach ($cases as $label => $v) {
    $io->emit('v', $v);
    printf("%-27s %s\n", $label, $spy->arg());
}

// The same object twice (not a cycle) is fine.
$p = new Point(1, 1);
$io->emit('v', [$p, $p]);
echo "same object twice           ", $spy->arg(), "\n";

// An exception thrown by jsonSerialize() reaches the caller unchanged; nothing is published.
class Broken implements JsonSerializable
{
    public function jsonSerialize(): mixed { throw new LogicException('broken on purpose'); }
}
socketio_test_throws($spy, fn () => $io->emit('v', 'first', new Broken()));
?>
--EXPECT--
JsonSerializable -> map     82a17803a179fc
JsonSerializable -> string  a173
JsonSerializable -> null    c0
JsonSerializable -> list    920102
JsonSerializable nested     82a17800a17900
DateTimeImmutable Berlin    b8323032332d31312d31345432323a31333a32302e3132335a
DateTime New_York           b8323032332d31312d31345432323a31333a32302e3132335a
DateTimeImmutable +05:30    b8323032332d31312d31345432323a31333a32302e3132335a
DateTime UTC no ms          b8313937302d30312d30315430303a30303a30302e3030305a
backed enum string          a6686561727473
backed enum int             cd012c
backed enum small int       01
stdClass empty              80
stdClass keys (JS order)    84a130a47a65726fa131a36f6e65a16201a16102
public props only           82a46e616d65a3616e6ea47461677391a161
nested objects              82a17082a46e616d65a3616e6ea47461677391a161a46c6973749282a17801a17902a6686561727473
same object twice           9282a17801a1790182a17801a17901
LogicException: broken on purpose
  nothing published
