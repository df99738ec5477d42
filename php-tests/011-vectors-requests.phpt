--TEST--
Request vectors of protocol.md 6.2 (R1-R5) and more: exact JSON on <key>-request#<nsp>#
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$url = socketio_test_url();
$io = new SocketIO\Emitter($url);

$requests = [
    'R1' => fn () => $io->in('r1')->socketsJoin('r2'),
    'R2' => fn () => $io->socketsLeave(['a', 'b']),
    'R3' => fn () => $io->except('r1')->disconnectSockets(true),
    'R4' => fn () => $io->disconnectSockets(),
    'R5' => fn () => $io->serverSideEmit('hello', 'world', 1),
    // Beyond protocol.md, also generated with @socket.io/redis-emitter 5.1.0:
    'join int room, to 2 rooms' => fn () => $io->to(['a', 7])->socketsJoin(42),
    'leave, namespace + except' => fn () => $io->of('admin')->except(['x', 'y'])->socketsLeave('r'),
    'disconnect(false) in a room' => fn () => $io->to('r1')->disconnectSockets(false),
    'flags are not sent' => fn () => $io->volatile()->compress(true)->to('r')->disconnectSockets(),
    'serverSideEmit values' => fn () => $io->of('/admin')->serverSideEmit('sync', ['id' => 7, 'ok' => true, 'f' => 1.5, 'n' => null, 's' => "q\"\\/\n\u{1F600}é\x01"], [1, [2]]),
    // Numbers as JSON.stringify writes them (a PHP float 1.0 is the JS number 1).
    'serverSideEmit floats' => fn () => $io->serverSideEmit('f', 1.0, 0.1, -0.0, 1e21, 1e-7, 123456789012345678901.0, 2.5e-300, -1.5),
    // JSON.stringify of a Buffer and of a Date, as the official emitter sends them.
    'serverSideEmit Binary, date' => fn () => $io->serverSideEmit('x', new SocketIO\Binary("\x01\xff"), new DateTimeImmutable('@0')),
    'serverSideEmit no args' => fn () => $io->serverSideEmit('ping'),
    'key option' => fn () => (new SocketIO\Emitter($url, ['key' => 'myapp']))->socketsJoin('r'),
];
foreach ($requests as $name => $call) {
    $call();
    echo "$name: ", $spy->text(), "\n";
}
echo $spy->nothing(), "\n";
?>
--EXPECT--
R1: socket.io-request#/# {"type":2,"opts":{"rooms":["r1"],"except":[]},"rooms":["r2"]}
R2: socket.io-request#/# {"type":3,"opts":{"rooms":[],"except":[]},"rooms":["a","b"]}
R3: socket.io-request#/# {"type":4,"opts":{"rooms":[],"except":["r1"]},"close":true}
R4: socket.io-request#/# {"type":4,"opts":{"rooms":[],"except":[]},"close":false}
R5: socket.io-request#/# {"uid":"emitter","type":6,"data":["hello","world",1]}
join int room, to 2 rooms: socket.io-request#/# {"type":2,"opts":{"rooms":["a",7],"except":[]},"rooms":[42]}
leave, namespace + except: socket.io-request#/admin# {"type":3,"opts":{"rooms":[],"except":["x","y"]},"rooms":["r"]}
disconnect(false) in a room: socket.io-request#/# {"type":4,"opts":{"rooms":["r1"],"except":[]},"close":false}
flags are not sent: socket.io-request#/# {"type":4,"opts":{"rooms":["r"],"except":[]},"close":false}
serverSideEmit values: socket.io-request#/admin# {"uid":"emitter","type":6,"data":["sync",{"id":7,"ok":true,"f":1.5,"n":null,"s":"q\"\\/\n😀é\u0001"},[1,[2]]]}
serverSideEmit floats: socket.io-request#/# {"uid":"emitter","type":6,"data":["f",1,0.1,0,1e+21,1e-7,123456789012345680000,2.5e-300,-1.5]}
serverSideEmit Binary, date: socket.io-request#/# {"uid":"emitter","type":6,"data":["x",{"type":"Buffer","data":[1,255]},"1970-01-01T00:00:00.000Z"]}
serverSideEmit no args: socket.io-request#/# {"uid":"emitter","type":6,"data":["ping"]}
key option: myapp-request#/# {"type":2,"opts":{"rooms":[],"except":[]},"rooms":["r"]}
nothing published
