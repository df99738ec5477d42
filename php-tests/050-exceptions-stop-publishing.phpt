--TEST--
Nothing is published once user code has thrown or called exit(): destructors of values the conversion released, jsonSerialize(), __toString(); the user's own exception reaches the caller unchanged
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

class Boom
{
    public function __destruct() { throw new Exception('thrown by a destructor'); }
}
class Post implements JsonSerializable
{
    public function jsonSerialize(): mixed { return new Boom(); }
}
/** Its jsonSerialize() returns an array whose only reference the conversion drops. */
class Listing implements JsonSerializable
{
    public function jsonSerialize(): mixed { return ['a' => 1, 'boom' => new Boom()]; }
}
class Throws implements JsonSerializable
{
    public function jsonSerialize(): mixed { throw new DomainException('thrown by jsonSerialize'); }
}
class Name
{
    public function __construct(private string $name, private bool $boom = false) {}
    public function __toString(): string
    {
        if ($this->boom) {
            throw new LengthException('thrown by __toString');
        }
        return $this->name;
    }
}

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

function attempt(RedisSpy $spy, string $label, callable $fn): void
{
    echo "$label: ";
    try {
        $r = $fn();
        echo 'returned ', var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
        for ($p = $e->getPrevious(); $p !== null; $p = $p->getPrevious()) {
            echo '  previous ', get_class($p), ': ', $p->getMessage(), "\n";
        }
    }
    echo '  ', $spy->nothing(), "\n";
}

echo "-- the issue's reproductions\n";
attempt($spy, 'emit(Post, x)', fn () => $io->emit('new_post', new Post(), 'x'));
attempt($spy, 'emit(Post, DateTime)', fn () => $io->emit('e2', new Post(), new DateTime()));

echo "-- every publishing method that converts values\n";
attempt($spy, 'to()->emit', fn () => $io->to('r')->emit('e', new Post()));
attempt($spy, 'of()->volatile()->emit', fn () => $io->of('/admin')->volatile()->emit('e', [new Post(), 1]));
attempt($spy, 'serverSideEmit', fn () => $io->serverSideEmit('e', new Post(), 'x'));
attempt($spy, 'serverSideEmit(DateTime)', fn () => $io->serverSideEmit('e', new Post(), new DateTimeImmutable()));
attempt($spy, 'released array', fn () => $io->emit('e', new Listing(), 'x'));
attempt($spy, 'nested in a map', fn () => $io->emit('e', ['p' => new Post(), 'q' => 2]));
attempt($spy, 'as a property', fn () => $io->emit('e', (object) ['p' => new Post(), 'q' => 2]));
attempt($spy, 'last argument', fn () => $io->emit('e', 1, new Post()));
attempt($spy, 'jsonSerialize throws', fn () => $io->emit('e', new Throws(), 'x'));
attempt($spy, 'jsonSerialize throws, then DateTime', fn () => $io->serverSideEmit('e', new Throws(), new DateTime()));

echo "-- event names converted from Stringable\n";
attempt($spy, '__toString throws', fn () => $io->emit(new Name('e', true), 1));
attempt($spy, 'Stringable event, then Post', fn () => $io->emit(new Name('e'), new Post()));
attempt($spy, 'serverSideEmit: __toString throws', fn () => $io->serverSideEmit(new Name('e', true)));
attempt($spy, 'Stringable namespace', fn () => $io->of(new Name('/x', true))->emit('e'));

echo "-- room arguments take no objects, so no user code runs\n";
attempt($spy, 'socketsJoin', fn () => $io->socketsJoin(['a', new Name('b')]));
attempt($spy, 'socketsLeave', fn () => $io->in('x')->socketsLeave(new Name('b')));
attempt($spy, 'to', fn () => $io->to([new Post()]));

echo "-- exit() in a destructor: the script ends, nothing is published\n";
$script = '$io = new SocketIO\Emitter(' . var_export(socketio_test_url(), true) . ');
class Bye { function __destruct() { echo "exit in destructor\n"; exit(3); } }
class P implements JsonSerializable { function jsonSerialize(): mixed { return new Bye(); } }
try { $io->emit("after_exit", new P(), "x"); } finally { echo "finally ran\n"; }
echo "not reached\n";';
echo socketio_test_child('-r ' . escapeshellarg($script));
echo $spy->nothing(), "\n";
$script = '$io = new SocketIO\Emitter(' . var_export(socketio_test_url(), true) . ');
class N { function __toString(): string { exit(4); } }
$io->serverSideEmit(new N(), 1);
echo "not reached\n";';
echo 'exit in __toString: [', socketio_test_child('-r ' . escapeshellarg($script)), "]\n";
echo $spy->nothing(), "\n";
$script = '$io = new SocketIO\Emitter(' . var_export(socketio_test_url(), true) . ');
class J implements JsonSerializable { function jsonSerialize(): mixed { exit(5); } }
$io->emit("e", 1, new J(), 2);
echo "not reached\n";';
echo 'exit in jsonSerialize: [', socketio_test_child('-r ' . escapeshellarg($script)), "]\n";
echo $spy->nothing(), "\n";

echo "-- the Emitter still works\n";
var_dump($io->emit('ok', new DateTime('@0')));
echo $spy->hex() !== 'NOTHING PUBLISHED' ? "published\n" : "lost\n";
?>
--EXPECT--
-- the issue's reproductions
emit(Post, x): Exception: thrown by a destructor
  nothing published
emit(Post, DateTime): Exception: thrown by a destructor
  nothing published
-- every publishing method that converts values
to()->emit: Exception: thrown by a destructor
  nothing published
of()->volatile()->emit: Exception: thrown by a destructor
  nothing published
serverSideEmit: Exception: thrown by a destructor
  nothing published
serverSideEmit(DateTime): Exception: thrown by a destructor
  nothing published
released array: Exception: thrown by a destructor
  nothing published
nested in a map: Exception: thrown by a destructor
  nothing published
as a property: Exception: thrown by a destructor
  nothing published
last argument: Exception: thrown by a destructor
  nothing published
jsonSerialize throws: DomainException: thrown by jsonSerialize
  nothing published
jsonSerialize throws, then DateTime: DomainException: thrown by jsonSerialize
  nothing published
-- event names converted from Stringable
__toString throws: LengthException: thrown by __toString
  nothing published
Stringable event, then Post: Exception: thrown by a destructor
  nothing published
serverSideEmit: __toString throws: LengthException: thrown by __toString
  nothing published
Stringable namespace: LengthException: thrown by __toString
  nothing published
-- room arguments take no objects, so no user code runs
socketsJoin: TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must contain only strings and integers, Name given
  nothing published
socketsLeave: TypeError: SocketIO\BroadcastOperator::socketsLeave(): Argument #1 ($rooms) must be of type array|string|int, Name given
  nothing published
to: TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must contain only strings and integers, Post given
  nothing published
-- exit() in a destructor: the script ends, nothing is published
exit in destructor
nothing published
exit in __toString: []
nothing published
exit in jsonSerialize: []
nothing published
-- the Emitter still works
int(1)
published
