--TEST--
Argument edge cases: named and string-keyed spread arguments, Stringable and odd event names, NUL bytes, 10000 rooms, error handlers that throw; nothing published on any error
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

class Name
{
    public function __construct(private string $s) {}
    public function __toString(): string { return $this->s; }
}
class BadName
{
    public function __toString(): string { throw new LogicException('__toString failed'); }
}

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());
$op = $io->to('r');

echo "-- named arguments go nowhere silently\n";
socketio_test_throws($spy, fn () => $io->emit('e', 1, extra: 2));
socketio_test_throws($spy, fn () => $io->emit(event: 'e', args: 1));
socketio_test_throws($spy, fn () => $io->emit('e', ...['a' => 1, 'b' => 2]));
socketio_test_throws($spy, fn () => $op->emit('e', ...[1, 'b' => 2]));
socketio_test_throws($spy, fn () => $io->serverSideEmit('e', k: 1));
socketio_test_throws($spy, fn () => new SocketIO\Binary(b: 'x'));
$io->emit(...['event' => 'e']);
echo "event by name: ", substr($spy->hex(), 0, 12), "\n";
$io->emit('e', ...[1, 2]);
echo "positional spread: ", $spy->arg() !== 'NOTHING PUBLISHED' ? 'published' : 'NOTHING', "\n";

echo "-- event names\n";
$io->emit(new Name('from-object'));
echo $spy->hex() !== 'NOTHING PUBLISHED' ? "Stringable: published\n" : "Stringable: NOTHING\n";
socketio_test_throws($spy, fn () => $io->emit(new BadName()));
socketio_test_throws($spy, fn () => $io->emit(new Name("bad\xff")));
socketio_test_throws($spy, fn () => $io->emit([]));
$io->emit("with\0nul");
echo "NUL: ", str_contains($spy->hex(), bin2hex("with\0nul")) ? 'kept' : 'LOST', "\n";
$io->emit("connect\0");
echo "reserved name + NUL is another name: ", $spy->hex() !== 'NOTHING PUBLISHED' ? 'published' : 'NOTHING', "\n";
$long = str_repeat('é', 1 << 19);
$io->emit($long, 1);
$m = $spy->next();
echo "1 MiB event name: ", $m !== null && str_contains($m[1], $long) ? 'published' : 'NOTHING', "\n";

echo "-- strict_types: no coercion of the event name\n";
echo socketio_test_child('-r ' . escapeshellarg('declare(strict_types=1); try { (new SocketIO\Emitter("redis://127.0.0.1:1"))->emit(42); } catch (TypeError $e) { echo $e->getMessage(); }')), "\n";

echo "-- namespaces and rooms with NUL bytes are binary-safe\n";
$io->of("/n\0s")->to("r\0m")->emit('e');
echo bin2hex(explode(' ', $spy->hex())[0]), "\n";

echo "-- 10000 rooms\n";
$rooms = [];
for ($i = 0; $i < 10000; $i++) {
    $rooms[] = $i % 2 ? "room$i" : $i;
}
$many = $io->to($rooms)->to($rooms)->except(array_reverse($rooms));
$m = null;
$many->emit('e');
$m = $spy->next();
echo "published on ", $m[0] ?? 'NOTHING', ", ", strlen($m[1] ?? ''), " bytes\n";
$io->to($rooms)->socketsJoin($rooms);
$m = $spy->next();
echo "socketsJoin on ", $m[0] ?? 'NOTHING', ", ", count(json_decode($m[1] ?? 'null', true)['rooms'] ?? []), " rooms\n";
echo count($many->__debugInfo()['rooms']), " rooms, ", count($many->__debugInfo()['except']), " excluded\n";

echo "-- an error handler that throws on a deprecation\n";
set_error_handler(function (int $no, string $str): bool { throw new ErrorException($str, 0, $no); });
socketio_test_throws($spy, fn () => $io->emit(null, 1));
socketio_test_throws($spy, fn () => $io->disconnectSockets(null));
socketio_test_throws($spy, fn () => new SocketIO\Binary(null));
restore_error_handler();
?>
--EXPECT--
-- named arguments go nowhere silently
ArgumentCountError: SocketIO\Emitter::emit() does not accept unknown named parameters
  nothing published
ArgumentCountError: SocketIO\Emitter::emit() does not accept unknown named parameters
  nothing published
ArgumentCountError: SocketIO\Emitter::emit() does not accept unknown named parameters
  nothing published
ArgumentCountError: SocketIO\BroadcastOperator::emit() does not accept unknown named parameters
  nothing published
ArgumentCountError: SocketIO\Emitter::serverSideEmit() does not accept unknown named parameters
  nothing published
Error: Unknown named parameter $b
  nothing published
event by name: socket.io#/#
positional spread: published
-- event names
Stringable: published
LogicException: __toString failed
  nothing published
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) must be a valid UTF-8 string
  nothing published
TypeError: SocketIO\Emitter::emit(): Argument #1 ($event) must be of type string, array given
  nothing published
NUL: kept
reserved name + NUL is another name: published
1 MiB event name: published
-- strict_types: no coercion of the event name
SocketIO\Emitter::emit(): Argument #1 ($event) must be of type string, int given
-- namespaces and rooms with NUL bytes are binary-safe
736f636b65742e696f232f6e00732372006d23
-- 10000 rooms
published on socket.io#/#, 118563 bytes
socketsJoin on socket.io-request#/#, 10000 rooms
10000 rooms, 10000 excluded
-- an error handler that throws on a deprecation
ErrorException: SocketIO\Emitter::emit(): Passing null to parameter #1 ($event) of type string is deprecated
  nothing published
ErrorException: SocketIO\Emitter::disconnectSockets(): Passing null to parameter #1 ($close) of type bool is deprecated
  nothing published
ErrorException: SocketIO\Binary::__construct(): Passing null to parameter #1 ($bytes) of type string is deprecated
  nothing published
