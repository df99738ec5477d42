--TEST--
Argument errors: empty/reserved event (ValueError), "," in namespace (ValueError), room not string|int (TypeError); nothing published
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());
$op = $io->to('r');

echo "-- empty event\n";
socketio_test_throws($spy, fn () => $io->emit(''));
socketio_test_throws($spy, fn () => $op->emit('', 'x'));
socketio_test_throws($spy, fn () => $io->serverSideEmit(''));

echo "-- reserved events\n";
foreach (['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'] as $ev) {
    socketio_test_throws($spy, fn () => $io->emit($ev, 1));
}
socketio_test_throws($spy, fn () => $op->emit('disconnect'));
foreach (['connect', 'disconnect', 'connection', 'new_namespace'] as $ev) {
    socketio_test_throws($spy, fn () => $io->serverSideEmit($ev));
}

echo "-- names close to reserved ones are fine\n";
foreach (['Connect', 'connect ', 'connection', 'message', '0'] as $ev) {
    $io->emit($ev);
    echo var_export($ev, true), ' ', $spy->hex() !== 'NOTHING PUBLISHED' ? 'published' : 'NOT PUBLISHED', "\n";
}

echo "-- namespace\n";
socketio_test_throws($spy, fn () => $io->of(','));
socketio_test_throws($spy, fn () => $io->of('/a,b')->emit('x'));

echo "-- rooms\n";
$calls = [
    'Emitter::to' => fn ($r) => $io->to($r)->emit('x'),
    'Emitter::in' => fn ($r) => $io->in($r)->emit('x'),
    'Emitter::except' => fn ($r) => $io->except($r)->emit('x'),
    'Emitter::socketsJoin' => fn ($r) => $io->socketsJoin($r),
    'Emitter::socketsLeave' => fn ($r) => $io->socketsLeave($r),
    'BroadcastOperator::to' => fn ($r) => $op->to($r)->emit('x'),
    'BroadcastOperator::except' => fn ($r) => $op->except($r)->emit('x'),
    'BroadcastOperator::socketsJoin' => fn ($r) => $op->socketsJoin($r),
];
foreach ($calls as $name => $call) {
    echo "$name\n";
    foreach ([1.5, true, null, new stdClass(), ['a', 1.5], ['ok', ['nested']], ['k' => null]] as $room) {
        socketio_test_throws($spy, fn () => $call($room));
    }
}
?>
--EXPECT--
-- empty event
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) must not be empty
  nothing published
ValueError: SocketIO\BroadcastOperator::emit(): Argument #1 ($event) must not be empty
  nothing published
ValueError: SocketIO\Emitter::serverSideEmit(): Argument #1 ($event) must not be empty
  nothing published
-- reserved events
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) "connect" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) "connect_error" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) "disconnect" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) "disconnecting" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) "newListener" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) "removeListener" is a reserved event name
  nothing published
ValueError: SocketIO\BroadcastOperator::emit(): Argument #1 ($event) "disconnect" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::serverSideEmit(): Argument #1 ($event) "connect" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::serverSideEmit(): Argument #1 ($event) "disconnect" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::serverSideEmit(): Argument #1 ($event) "connection" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::serverSideEmit(): Argument #1 ($event) "new_namespace" is a reserved event name
  nothing published
-- names close to reserved ones are fine
'Connect' published
'connect ' published
'connection' published
'message' published
'0' published
-- namespace
ValueError: SocketIO\Emitter::of(): Argument #1 ($namespace) must not contain ","
  nothing published
ValueError: SocketIO\Emitter::of(): Argument #1 ($namespace) must not contain ","
  nothing published
-- rooms
Emitter::to
TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\Emitter::to(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
Emitter::in
TypeError: SocketIO\Emitter::in(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\Emitter::in(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\Emitter::in(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\Emitter::in(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\Emitter::in(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\Emitter::in(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\Emitter::in(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
Emitter::except
TypeError: SocketIO\Emitter::except(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\Emitter::except(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\Emitter::except(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\Emitter::except(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\Emitter::except(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\Emitter::except(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\Emitter::except(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
Emitter::socketsJoin
TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\Emitter::socketsJoin(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
Emitter::socketsLeave
TypeError: SocketIO\Emitter::socketsLeave(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\Emitter::socketsLeave(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\Emitter::socketsLeave(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\Emitter::socketsLeave(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\Emitter::socketsLeave(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\Emitter::socketsLeave(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\Emitter::socketsLeave(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
BroadcastOperator::to
TypeError: SocketIO\BroadcastOperator::to(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\BroadcastOperator::to(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\BroadcastOperator::to(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\BroadcastOperator::to(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\BroadcastOperator::to(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\BroadcastOperator::to(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\BroadcastOperator::to(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
BroadcastOperator::except
TypeError: SocketIO\BroadcastOperator::except(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\BroadcastOperator::except(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\BroadcastOperator::except(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\BroadcastOperator::except(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\BroadcastOperator::except(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\BroadcastOperator::except(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\BroadcastOperator::except(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
BroadcastOperator::socketsJoin
TypeError: SocketIO\BroadcastOperator::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, float given
  nothing published
TypeError: SocketIO\BroadcastOperator::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, bool given
  nothing published
TypeError: SocketIO\BroadcastOperator::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, null given
  nothing published
TypeError: SocketIO\BroadcastOperator::socketsJoin(): Argument #1 ($rooms) must be of type array|string|int, stdClass given
  nothing published
TypeError: SocketIO\BroadcastOperator::socketsJoin(): Argument #1 ($rooms) must contain only strings and integers, float given
  nothing published
TypeError: SocketIO\BroadcastOperator::socketsJoin(): Argument #1 ($rooms) must contain only strings and integers, array given
  nothing published
TypeError: SocketIO\BroadcastOperator::socketsJoin(): Argument #1 ($rooms) must contain only strings and integers, null given
  nothing published
