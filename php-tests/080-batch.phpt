--TEST--
batch(): every kind of call queued in call order, sent pipelined, the same bytes as single emits, counts in call order; errors at the call; an exception out of the callback sends nothing
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

$calls = function (SocketIO\Emitter $e): array {
    return [
        $e->emit('a', 1),
        $e->to('room1')->emit('b', ['x' => 2]),
        $e->of('/admin')->to('r')->except('s')->volatile()->emit('c', new SocketIO\Binary("\x00\xff")),
        $e->to('r')->socketsJoin('j'),
        $e->socketsLeave(['l1', 'l2']),
        $e->of('admin')->disconnectSockets(true),
        $e->serverSideEmit('hello', 'world'),
    ];
};
// The same calls one by one, then in a batch: the spy must see the same channels and bytes
// (the uid aside, which is per process and the same here) in the same order.
$single = $calls($io);
$one = [];
for ($i = 0; $i < 7; $i++) {
    $one[] = $spy->hex();
}
$returned = null;
$counts = $io->batch(function (SocketIO\Emitter $b) use ($calls, &$returned) {
    $returned = $calls($b);
    return 'ignored';
});
$batched = [];
for ($i = 0; $i < 7; $i++) {
    $batched[] = $spy->hex();
}
echo 'single emits returned: ', json_encode($single), "\n";
echo 'calls inside the batch returned: ', json_encode($returned), "\n";
echo 'batch() returned: ', json_encode($counts), "\n";
echo 'same messages in the same order: ', var_export($one === $batched, true), "\n";
echo 'channels: ', implode(' ', array_map(fn ($m) => explode(' ', $m)[0], $batched)), "\n";
echo '  ', $spy->nothing(), "\n";

// Many: counts in order, one per call, every message seen once and in order.
$n = 2500;
$counts = $io->batch(function (SocketIO\Emitter $b) use ($n) {
    for ($i = 0; $i < $n; $i++) {
        $b->to("user:$i")->emit('n', $i);
    }
});
$order = true;
for ($i = 0; $i < $n; $i++) {
    $m = $spy->next();
    $order = $order && $m !== null && $m[0] === "socket.io#/#user:$i#";
}
echo count($counts), ' counts, all 1: ', var_export($counts === array_fill(0, $n, 1), true), ', messages in order: ', var_export($order, true), "\n";
echo '  ', $spy->nothing(), "\n";

echo "empty batch: ", json_encode($io->batch(function () {})), "\n";

echo "-- an invalid call throws at the call; caught, the others are still sent\n";
$counts = $io->batch(function (SocketIO\Emitter $b) {
    $b->emit('first');
    try {
        $b->emit('bad', NAN);
    } catch (SocketIO\EncodingException $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    try {
        $b->emit('connect');
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    $b->emit('last');
});
echo json_encode($counts), "\n";
echo '  ', substr($spy->text(), 0, 12), "\n";
echo '  ', substr($spy->text(), 0, 12), "\n";
echo '  ', $spy->nothing(), "\n";

echo "-- an exception out of the callback: nothing sent, the exception unchanged\n";
socketio_test_throws($spy, fn () => $io->batch(function (SocketIO\Emitter $b) {
    for ($i = 0; $i < 3000; $i++) {
        $b->emit('queued', $i);
    }
    throw new DomainException('stop');
}));
socketio_test_throws($spy, fn () => $io->batch(function (SocketIO\Emitter $b) {
    $b->emit('queued');
    $b->emit('bad', fopen('php://memory', 'r'));
}));

echo "-- the callback's Emitter: no nesting, no use after the batch\n";
socketio_test_throws($spy, fn () => $io->batch(function (SocketIO\Emitter $b) {
    $b->emit('queued');
    $b->of('/x')->batch(fn () => null);
}));
$kept = null;
$io->batch(function (SocketIO\Emitter $b) use (&$kept) {
    $kept = $b->to('r');
});
socketio_test_throws($spy, fn () => $kept->emit('late'));
echo "-- other Emitters inside the callback send at once\n";
$io->batch(function (SocketIO\Emitter $b) use ($io, $spy) {
    $b->emit('queued');
    echo 'direct returned ', json_encode($io->emit('direct')), ', seen before the batch is sent: ', substr($spy->hex(), 0, 12), "\n";
});
echo '  then ', substr($spy->hex(), 0, 12), "\n";
echo '  ', $spy->nothing(), "\n";
socketio_test_throws($spy, fn () => $io->batch('no such function'));
socketio_test_throws($spy, fn () => $io->batch());
?>
--EXPECT--
single emits returned: [1,1,1,1,1,1,1]
calls inside the batch returned: [null,null,null,null,null,null,null]
batch() returned: [1,1,1,1,1,1,1]
same messages in the same order: true
channels: socket.io#/# socket.io#/#room1# socket.io#/admin#r# socket.io-request#/# socket.io-request#/# socket.io-request#/admin# socket.io-request#/#
  nothing published
2500 counts, all 1: true, messages in order: true
  nothing published
empty batch: []
-- an invalid call throws at the call; caught, the others are still sent
SocketIO\EncodingException: $args[0]: float NAN cannot be sent (only finite numbers)
ValueError: SocketIO\Emitter::emit(): Argument #1 ($event) "connect" is a reserved event name
[1,1]
  socket.io#/#
  socket.io#/#
  nothing published
-- an exception out of the callback: nothing sent, the exception unchanged
DomainException: stop
  nothing published
SocketIO\EncodingException: $args[0]: resource cannot be sent
  nothing published
-- the callback's Emitter: no nesting, no use after the batch
SocketIO\Exception: batch() cannot be nested: the Emitter given to a batch() callback already queues every emit into that batch
  nothing published
SocketIO\Exception: this Emitter was given to a batch() callback that has returned: its batch was already sent; emit on the Emitter batch() was called on
  nothing published
-- other Emitters inside the callback send at once
direct returned 1, seen before the batch is sent: socket.io#/#
  then socket.io#/#
  nothing published
TypeError: SocketIO\Emitter::batch(): Argument #1 ($callback) must be a valid callback, string given
  nothing published
ArgumentCountError: SocketIO\Emitter::batch() expects exactly 1 argument, 0 given
  nothing published
