--TEST--
in() is to(); emit and the request methods return the number of subscribers Redis reports
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$url = socketio_test_url();
$io = new SocketIO\Emitter($url);

// Subscribers left over from earlier test processes would be counted: wait until they are gone.
$ctl = new RespConnection($url);
for ($i = 0; $i < 200 && ($ctl->call('PUBSUB', 'NUMPAT') !== 0 || $ctl->call('PUBSUB', 'NUMSUB', 'socket.io#/#')[1] !== 0); $i++) {
    usleep(10000);
}

echo "no listener: ";
var_dump($io->emit('hi'), $io->to('r')->emit('hi'), $io->serverSideEmit('hi'), $io->socketsJoin('r'),
    $io->to('r')->socketsLeave('r'), $io->disconnectSockets());

$spy = new RedisSpy($url);
echo "one listener: ";
var_dump($io->emit('hi'), $io->to('r')->disconnectSockets(true));
$spy2 = new RedisSpy($url);
echo "two listeners: ";
var_dump($io->emit('hi'));
// Exactly the listeners of that channel: a plain SUBSCRIBE to the room channel adds one.
$ctl->send('SUBSCRIBE', 'socket.io#/#r1#');
$ctl->read();
var_dump($io->to('r1')->emit('hi'), $io->to('r2')->emit('hi'));

for ($i = 0; $i < 5; $i++) {
    $spy->next();
}
$pairs = [
    'in' => [fn () => $io->in('r1'), fn () => $io->to('r1')],
    'in list' => [fn () => $io->in(['r1', 2]), fn () => $io->to(['r1', 2])],
    'to->in' => [fn () => $io->to('a')->in('b'), fn () => $io->to(['a', 'b'])],
    'except->in' => [fn () => $io->except('x')->in('b'), fn () => $io->to('b')->except('x')],
    'in->in' => [fn () => $io->in('a')->in(['a', 'c']), fn () => $io->to(['a', 'c'])],
];
foreach ($pairs as $name => [$in, $to]) {
    $in()->emit('e', 1);
    $x = $spy->hex();
    $to()->emit('e', 1);
    $y = $spy->hex();
    echo $name, ': ', $x === $y ? 'same' : "DIFFERENT\n  $x\n  $y", "\n";
}
$io->in('r1')->socketsJoin('r2');
echo $spy->text(), "\n";
?>
--EXPECT--
no listener: int(0)
int(0)
int(0)
int(0)
int(0)
int(0)
one listener: int(1)
int(1)
two listeners: int(2)
int(3)
int(2)
in: same
in list: same
to->in: same
except->in: same
in->in: same
socket.io-request#/# {"type":2,"opts":{"rooms":["r1"],"except":[]},"rooms":["r2"]}
