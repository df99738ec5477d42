--TEST--
Object lifecycle: __construct() called again is refused (also from a jsonSerialize() during emit), clone, serialize/unserialize, instances without constructor, subclasses of the final classes
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url(), ['key' => 'first']);

function attempt(string $label, callable $fn): void
{
    try {
        $r = $fn();
        echo "$label: ", is_object($r) ? get_class($r) : var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}

echo "-- constructors run once: the objects are immutable\n";
$bin = new SocketIO\Binary('original');
attempt('Binary again', fn () => $bin->__construct('changed'));
attempt('Binary again, bad argument', fn () => $bin->__construct([]));
var_dump($bin->getBytes());
attempt('Emitter again', fn () => $io->__construct(socketio_test_url(), ['key' => 'second']));
attempt('Emitter again by reflection', fn () => (new ReflectionMethod($io, '__construct'))->invoke($io, 'redis://127.0.0.1:1'));
$io->to('r')->emit('e');
echo explode(' ', $spy->text())[0], "\n";

// A constructor run again from PHP code that emit() itself calls would swap the Emitter that
// very call is reading.
class Rebuild implements JsonSerializable
{
    public function jsonSerialize(): mixed
    {
        $GLOBALS['io']->__construct('redis://127.0.0.1:1', ['key' => 'swapped']);
        return 1;
    }
}
echo "from jsonSerialize(): ";
socketio_test_throws($spy, fn () => $io->emit('e', new Rebuild()));
$io->emit('e');
echo 'still ', explode(' ', $spy->text())[0], "\n";

echo "-- clone\n";
$op = $io->to('a')->except('b')->volatile();
$copy = clone $op;
$copy->emit('e');
$a = $spy->hex();
$op->emit('e');
var_dump($a === $spy->hex(), $copy !== $op);
$ioCopy = clone $io;
$ioCopy->emit('e');
echo explode(' ', $spy->text())[0], "\n";
attempt('clone Binary', fn () => clone $bin);

echo "-- serialize, unserialize, instances without constructor\n";
foreach (['SocketIO\Emitter' => $io, 'SocketIO\BroadcastOperator' => $op, 'SocketIO\Binary' => $bin] as $class => $obj) {
    attempt("serialize $class", fn () => serialize($obj));
    attempt("unserialize O: $class", fn () => unserialize('O:' . strlen($class) . ':"' . $class . '":0:{}'));
    attempt("unserialize C: $class", fn () => unserialize('C:' . strlen($class) . ':"' . $class . '":0:{}'));
    attempt("newInstanceWithoutConstructor $class", fn () => (new ReflectionClass($class))->newInstanceWithoutConstructor());
}
attempt('new BroadcastOperator by reflection', fn () => (new ReflectionClass(SocketIO\BroadcastOperator::class))->newInstance());
attempt('BroadcastOperator constructor by reflection',
    fn () => (new ReflectionMethod(SocketIO\BroadcastOperator::class, '__construct'))->invoke($op));

echo "-- subclasses\n";
foreach (['SocketIO\Emitter', 'SocketIO\BroadcastOperator', 'SocketIO\Binary'] as $class) {
    $out = socketio_test_child('-r ' . escapeshellarg("class Sub extends $class {} echo 'defined';"));
    // "Fatal error: <message> in Command line code on line 1", without preg (valgrind-clean).
    $start = strpos($out, 'Class Sub');
    echo $start === false ? trim($out) : substr($out, $start, strpos($out, ' in ', $start) - $start), "\n";
}
echo $spy->nothing(), "\n";
?>
--EXPECT--
-- constructors run once: the objects are immutable
Binary again: Error: Cannot call SocketIO\Binary::__construct() on an object that is already constructed: it is immutable
Binary again, bad argument: Error: Cannot call SocketIO\Binary::__construct() on an object that is already constructed: it is immutable
string(8) "original"
Emitter again: Error: Cannot call SocketIO\Emitter::__construct() on an object that is already constructed: it is immutable
Emitter again by reflection: Error: Cannot call SocketIO\Emitter::__construct() on an object that is already constructed: it is immutable
first#/#r#
from jsonSerialize(): Error: Cannot call SocketIO\Emitter::__construct() on an object that is already constructed: it is immutable
  nothing published
still first#/#
-- clone
bool(true)
bool(true)
first#/#
clone Binary: Error: Trying to clone an uncloneable object of class SocketIO\Binary
-- serialize, unserialize, instances without constructor
serialize SocketIO\Emitter: Exception: Serialization of 'SocketIO\Emitter' is not allowed
unserialize O: SocketIO\Emitter: Exception: Unserialization of 'SocketIO\Emitter' is not allowed
unserialize C: SocketIO\Emitter: Exception: Unserialization of 'SocketIO\Emitter' is not allowed
newInstanceWithoutConstructor SocketIO\Emitter: ReflectionException: Class SocketIO\Emitter is an internal class marked as final that cannot be instantiated without invoking its constructor
serialize SocketIO\BroadcastOperator: Exception: Serialization of 'SocketIO\BroadcastOperator' is not allowed
unserialize O: SocketIO\BroadcastOperator: Exception: Unserialization of 'SocketIO\BroadcastOperator' is not allowed
unserialize C: SocketIO\BroadcastOperator: Exception: Unserialization of 'SocketIO\BroadcastOperator' is not allowed
newInstanceWithoutConstructor SocketIO\BroadcastOperator: ReflectionException: Class SocketIO\BroadcastOperator is an internal class marked as final that cannot be instantiated without invoking its constructor
serialize SocketIO\Binary: Exception: Serialization of 'SocketIO\Binary' is not allowed
unserialize O: SocketIO\Binary: Exception: Unserialization of 'SocketIO\Binary' is not allowed
unserialize C: SocketIO\Binary: Exception: Unserialization of 'SocketIO\Binary' is not allowed
newInstanceWithoutConstructor SocketIO\Binary: ReflectionException: Class SocketIO\Binary is an internal class marked as final that cannot be instantiated without invoking its constructor
new BroadcastOperator by reflection: ReflectionException: Access to non-public constructor of class SocketIO\BroadcastOperator
BroadcastOperator constructor by reflection: Exception: SocketIO\BroadcastOperator cannot be created directly; use SocketIO\Emitter::to()
-- subclasses
Class Sub cannot extend final class SocketIO\Emitter
Class Sub cannot extend final class SocketIO\BroadcastOperator
Class Sub cannot extend final class SocketIO\Binary
nothing published
