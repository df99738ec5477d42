--TEST--
timeout(), fetchSockets(), serverSideEmitWithAck(), emitWithAck(): refused arguments (bad timeouts, reserved event names, values that cannot be sent, rooms on serverSideEmitWithAck, batch()) throw and publish nothing; a server that never answers ends in a TimeoutException with the request published once
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

$spy = new RedisSpy();
// A stand-in server: one subscriber of the request channel, so the servers are counted as 1.
$server = new RespConnection();
var_dump($server->call('SUBSCRIBE', 'socket.io-request#/#')[0]);
$io = new SocketIO\Emitter(socketio_test_url());

echo "-- timeout()\n";
foreach ([0, 0.0, -1, -0.5, NAN, INF, -INF] as $bad) {
    socketio_test_throws($spy, fn() => $io->timeout($bad));
}
foreach (['1', null, [1], true] as $bad) {
    socketio_test_throws($spy, fn() => $io->to('r')->timeout($bad));
}
var_dump($io->timeout(1) instanceof SocketIO\BroadcastOperator, $io->to('r')->timeout(PHP_INT_MAX) instanceof SocketIO\BroadcastOperator);

echo "-- event names\n";
foreach (['', 'connect', 'disconnect', 'newListener'] as $event) {
    socketio_test_throws($spy, fn() => $io->emitWithAck($event));
}
foreach (['', 'connection', 'new_namespace', 'disconnecting'] as $event) {
    socketio_test_throws($spy, fn() => $io->serverSideEmitWithAck($event));
}

echo "-- values\n";
$r = fopen('php://memory', 'r');
socketio_test_throws($spy, fn() => $io->emitWithAck('e', 1, ['k' => $r]));
socketio_test_throws($spy, fn() => $io->to('r')->emitWithAck('e', NAN));
socketio_test_throws($spy, fn() => $io->serverSideEmitWithAck('e', "\xff"));
socketio_test_throws($spy, fn() => $io->serverSideEmitWithAck('e', x: 1));

echo "-- servers, not rooms\n";
socketio_test_throws($spy, fn() => $io->to('r')->serverSideEmitWithAck('e'));
socketio_test_throws($spy, fn() => $io->except('r')->timeout(1)->serverSideEmitWithAck('e'));

echo "-- batch\n";
try {
    $io->batch(function (SocketIO\Emitter $b) { $b->fetchSockets(); });
} catch (SocketIO\Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
echo '  ', $spy->nothing(), "\n";

echo "-- no answer\n";
foreach ([
    fn() => $io->timeout(0.2)->fetchSockets(),
    fn() => $io->timeout(0.2)->serverSideEmitWithAck('e', 'x'),
    fn() => $io->to([1, 'b'])->timeout(0.2)->emitWithAck('e'),
] as $call) {
    try {
        $call();
    } catch (SocketIO\TimeoutException $e) {
        echo get_class($e), ' ', $e->getCode(), ': ', $e->getMessage(), "\n";
        var_dump($e->getPartialResults(), $e->getExpectedCount());
    }
    $m = $spy->next();
    $json = json_decode($m[1], true);
    echo '  ', $m[0], ' ', json_encode(['uid' => $json['uid'], 'id' => strlen($json['requestId']), 'type' => $json['type']] + array_diff_key($json, ['uid' => 1, 'requestId' => 1, 'type' => 1])), "\n";
    echo '  ', $spy->nothing(), "\n";
}
$e = new SocketIO\TimeoutException('made by user code');
var_dump($e->getPartialResults(), $e->getExpectedCount());
?>
--EXPECT--
string(9) "subscribe"
-- timeout()
ValueError: SocketIO\Emitter::timeout(): Argument #1 ($seconds) must be a finite number of seconds greater than 0
  nothing published
ValueError: SocketIO\Emitter::timeout(): Argument #1 ($seconds) must be a finite number of seconds greater than 0
  nothing published
ValueError: SocketIO\Emitter::timeout(): Argument #1 ($seconds) must be a finite number of seconds greater than 0
  nothing published
ValueError: SocketIO\Emitter::timeout(): Argument #1 ($seconds) must be a finite number of seconds greater than 0
  nothing published
ValueError: SocketIO\Emitter::timeout(): Argument #1 ($seconds) must be a finite number of seconds greater than 0
  nothing published
ValueError: SocketIO\Emitter::timeout(): Argument #1 ($seconds) must be a finite number of seconds greater than 0
  nothing published
ValueError: SocketIO\Emitter::timeout(): Argument #1 ($seconds) must be a finite number of seconds greater than 0
  nothing published
TypeError: SocketIO\BroadcastOperator::timeout(): Argument #1 ($seconds) must be of type float, string given
  nothing published
TypeError: SocketIO\BroadcastOperator::timeout(): Argument #1 ($seconds) must be of type float, null given
  nothing published
TypeError: SocketIO\BroadcastOperator::timeout(): Argument #1 ($seconds) must be of type float, array given
  nothing published
TypeError: SocketIO\BroadcastOperator::timeout(): Argument #1 ($seconds) must be of type float, bool given
  nothing published
bool(true)
bool(true)
-- event names
ValueError: SocketIO\Emitter::emitWithAck(): Argument #1 ($event) must not be empty
  nothing published
ValueError: SocketIO\Emitter::emitWithAck(): Argument #1 ($event) "connect" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::emitWithAck(): Argument #1 ($event) "disconnect" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::emitWithAck(): Argument #1 ($event) "newListener" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::serverSideEmitWithAck(): Argument #1 ($event) must not be empty
  nothing published
ValueError: SocketIO\Emitter::serverSideEmitWithAck(): Argument #1 ($event) "connection" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::serverSideEmitWithAck(): Argument #1 ($event) "new_namespace" is a reserved event name
  nothing published
ValueError: SocketIO\Emitter::serverSideEmitWithAck(): Argument #1 ($event) "disconnecting" is a reserved event name
  nothing published
-- values
SocketIO\EncodingException: $args[1]['k']: resource cannot be sent
  nothing published
SocketIO\EncodingException: $args[0]: float NAN cannot be sent (only finite numbers)
  nothing published
SocketIO\EncodingException: $args[0]: string is not valid UTF-8; wrap bytes in SocketIO\Binary to send them as binary
  nothing published
ArgumentCountError: SocketIO\Emitter::serverSideEmitWithAck() does not accept unknown named parameters
  nothing published
-- servers, not rooms
Error: serverSideEmitWithAck() asks the servers, not sockets: call it without to(), in() or except()
  nothing published
Error: serverSideEmitWithAck() asks the servers, not sockets: call it without to(), in() or except()
  nothing published
-- batch
SocketIO\Exception: fetchSockets() waits for answers and cannot be queued in a batch(): call it on the Emitter batch() was called on
  nothing published
-- no answer
SocketIO\TimeoutException 10: fetchSockets(): timed out after 0.2s: 0 of 1 server answered
array(0) {
}
int(1)
  socket.io-request#/# {"uid":"emitter","id":16,"type":5,"opts":{"rooms":[],"except":[]}}
  nothing published
SocketIO\TimeoutException 10: serverSideEmitWithAck(): timed out after 0.2s: 0 of 1 server answered
array(0) {
}
int(1)
  socket.io-request#/# {"uid":"emitter","id":16,"type":6,"data":["e","x"]}
  nothing published
SocketIO\TimeoutException 10: emitWithAck(): timed out after 0.2s: 0 of 0 client acknowledgements; 0 of 1 server sent their client count
array(0) {
}
int(0)
  socket.io-request#/# {"uid":"emitter","id":16,"type":7,"packet":{"type":2,"data":["e"],"nsp":"\/"},"opts":{"rooms":[1,"b"],"except":[]}}
  nothing published
array(0) {
}
NULL