--TEST--
Values: internal and unusual objects (WeakMap, SPL structures, generators, uninitialised and readonly properties, anonymous classes) as json_encode() sends them; jsonSerialize() returning itself, closures, resources, endless chains
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
require __DIR__ . '/_msgpack.php';

enum Size: int { case Big = PHP_INT_MAX; }
class Typed
{
    public int $unset;
    public ?string $null = null;
    public readonly int $ro;
    public readonly array $roSet;
    public function __construct() { $this->roSet = [1]; }
}
class Hidden
{
    public function __construct(public int $x = 1, protected int $y = 2, private int $z = 3) {}
    public function __get($name) { return 'magic'; }
}
/** Iteration, array access and debug output do not change what json_encode() reads. */
class Container implements IteratorAggregate, ArrayAccess
{
    public $shown = 1;
    public function getIterator(): Iterator { return new ArrayIterator(['iterated' => 1]); }
    public function offsetExists(mixed $o): bool { return true; }
    public function offsetGet(mixed $o): mixed { return 'offset'; }
    public function offsetSet(mixed $o, mixed $v): void {}
    public function offsetUnset(mixed $o): void {}
    public function __debugInfo(): array { return ['debug' => 1]; }
}
class Returns implements JsonSerializable
{
    public $pub = 'p';
    public function __construct(private Closure $f) {}
    public function jsonSerialize(): mixed { return ($this->f)($this); }
}

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

$fixed = new SplFixedArray(3);
$fixed[0] = 'a';
$fixed[2] = [1];
$storage = new SplObjectStorage();
$storage[new stdClass()] = 'data';
$weak = new WeakMap();
$weak[$storage] = 1;
$gen = (function () { yield 1; })();

$same = [
    'WeakMap' => $weak,
    'WeakReference' => WeakReference::create($storage),
    'SplFixedArray' => $fixed,
    'SplObjectStorage' => $storage,
    'SplDoublyLinkedList' => new SplDoublyLinkedList(),
    'ArrayObject' => new ArrayObject(['x' => 1, 5 => new ArrayObject([1, 2])]),
    // PHP 8.5 deprecates an object as an ArrayObject's storage; what is sent is unchanged.
    'ArrayObject of an object' => @new ArrayObject($storage),
    'ArrayIterator' => new ArrayIterator([3, 'k' => 4]),
    'Generator' => $gen,
    'uninitialised and readonly' => new Typed(),
    'private, protected, __get' => new Hidden(),
    'IteratorAggregate, ArrayAccess, __debugInfo' => new Container(),
    'anonymous class' => new class { public $a = [1]; },
    '(object) with odd keys' => (object) ['' => 1, "\0hidden" => 2, '7' => 3],
    'enum at PHP_INT_MAX' => [Size::Big],
    'jsonSerialize() returns $this' => new Returns(fn ($self) => $self),
];
foreach ($same as $label => $value) {
    $expected = socketio_render_json_of($value);
    $io->emit('v', $value);
    $got = socketio_render_msgpack(socketio_test_emitted_arg($spy->next()[1]));
    echo "$label: $got", $got === $expected ? '' : " (json_encode: $expected)", "\n";
}
echo $spy->nothing(), "\n";

$refused = [
    'jsonSerialize() returns a Closure' => new Returns(fn () => fn () => 1),
    'jsonSerialize() returns a resource' => new Returns(fn () => STDIN),
    'jsonSerialize() returns [$this]' => new Returns(fn ($self) => ['again' => $self]),
    // json_encode() itself overflows the C stack on this one.
    'jsonSerialize() returns a new one, endlessly' => new Returns($next = function () use (&$next) { return new Returns($next); }),
];
foreach ($refused as $label => $value) {
    echo "$label: ";
    socketio_test_throws($spy, fn () => $io->emit('v', [$value]));
}
$a = new Returns(fn () => $GLOBALS['b']);
$b = new Returns(fn () => $GLOBALS['a']);
echo "two objects returning each other: ";
socketio_test_throws($spy, fn () => $io->emit('v', $a));
?>
--EXPECT--
WeakMap: {}
WeakReference: {}
SplFixedArray: ["a",null,[1]]
SplObjectStorage: {}
SplDoublyLinkedList: {}
ArrayObject: {"5":{"0":1,"1":2},"x":1}
ArrayObject of an object: {}
ArrayIterator: {"0":3,"k":4}
Generator: {}
uninitialised and readonly: {"null":null,"roSet":[1]}
private, protected, __get: {"x":1}
IteratorAggregate, ArrayAccess, __debugInfo: {"shown":1}
anonymous class: {"a":[1]}
(object) with odd keys: {"7":3,"":1}
enum at PHP_INT_MAX: [9223372036854775807]
jsonSerialize() returns $this: {"pub":"p"}
nothing published
jsonSerialize() returns a Closure: SocketIO\EncodingException: $args[0][0]: Closure cannot be sent
  nothing published
jsonSerialize() returns a resource: SocketIO\EncodingException: $args[0][0]: resource cannot be sent
  nothing published
jsonSerialize() returns [$this]: SocketIO\EncodingException: $args[0][0]['again']: recursive reference
  nothing published
jsonSerialize() returns a new one, endlessly: SocketIO\EncodingException: $args[0][0]: nesting deeper than 512 levels
  nothing published
two objects returning each other: SocketIO\EncodingException: $args[0]: recursive reference
  nothing published
