--TEST--
Broadcast vectors of protocol.md 6.1 (V1-V6, V9-V17) and more calls, byte for byte as @socket.io/redis-emitter 5.1.0 publishes them
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$url = socketio_test_url();
$io = new SocketIO\Emitter($url);
use SocketIO\Binary;

$vectors = [
    'V1' => fn () => $io->to('r1')->emit('hi', 'x'),
    'V2' => fn () => $io->emit('hi'),
    'V3' => fn () => $io->emit('hi', 'x'),
    'V4' => fn () => $io->of('/admin')->to(['r1', 'r2'])->except('r3')->emit('hi', 1, ['a' => true]),
    'V5' => fn () => $io->volatile()->compress(false)->emit('hi'),
    'V6' => fn () => $io->emit('bin', new Binary("\x01\x02\x03")),
    'V9' => fn () => $io->emit('n', 1.5, -1, 255, 65536, -129, 2 ** 40),
    'V10' => fn () => $io->of('admin')->emit('hi'),
    'V11' => fn () => $io->to(42)->emit('hi'),
    'V12' => fn () => $io->to('r1')->except('r3')->volatile()->emit('hi'),
    'V13' => fn () => $io->compress(true)->to(['a', 'a'])->emit('z'),
    'V14' => fn () => $io->except('r1')->emit('hi'),
    'V15' => fn () => $io->of('/admin')->to('r1')->emit('hi', 'x'),
    'V16' => fn () => (new SocketIO\Emitter($url, ['key' => 'myapp']))->emit('hi'),
    'V17' => fn () => $io->emit('s', 'é€😀'),
    // Beyond protocol.md, also generated with @socket.io/redis-emitter 5.1.0:
    // flags keep the order they were set in (a JS object), rooms keep their type and first position.
    'compress then volatile' => fn () => $io->compress(true)->volatile()->emit('hi'),
    'volatile twice, compress changed' => fn () => $io->compress(true)->volatile()->volatile()->compress(false)->emit('hi'),
    'rooms 42 and "42"' => fn () => $io->to([42, '42'])->emit('hi'),
    'to(a)->to(a)' => fn () => $io->to('a')->to('a')->emit('hi'),
    'to(b,a)->to(a,c)' => fn () => $io->to(['b', 'a'])->to(['a', 'c'])->emit('hi'),
    'except dedup, no rooms' => fn () => $io->except(['x', 'x', 7])->except('x')->emit('hi'),
    'room equal to except' => fn () => $io->to('a')->except('a')->emit('hi'),
    'empty room list' => fn () => $io->to([])->emit('hi'),
    'negative int room' => fn () => $io->to(-5)->emit('hi'),
    'room with # and space' => fn () => $io->to('a b#c')->emit('hi'),
    'everything' => fn () => $io->of('chat')->volatile()->to(['r1', 2])->except(['r3'])->compress(false)->in('r4')
        ->emit('msg', ['id' => 7, 'text' => 'héllo', 'tags' => ['x']], null, true, new Binary("\xff")),
];
foreach ($vectors as $name => $call) {
    $call();
    echo "$name: ", $spy->hex(), "\n";
}
echo $spy->nothing(), "\n";
?>
--EXPECT--
V1: socket.io#/#r1# 93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a12f83a5726f6f6d7391a27231a5666c61677380a665786365707490
V2: socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
V3: socket.io#/# 93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
V4: socket.io#/admin# 93a7656d697474657283a47479706502a46461746193a268690181a161c3a36e7370a62f61646d696e83a5726f6f6d7392a27231a27232a5666c61677380a665786365707491a27233
V5: socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c2a665786365707490
V6: socket.io#/# 93a7656d697474657283a47479706502a46461746192a362696ec403010203a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
V9: socket.io#/# 93a7656d697474657283a47479706502a46461746197a16ecb3ff8000000000000ffccffce00010000d1ff7fcf0000010000000000a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
V10: socket.io#/admin# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a62f61646d696e83a5726f6f6d7390a5666c61677380a665786365707490
V11: socket.io#/#42# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d73912aa5666c61677380a665786365707490
V12: socket.io#/#r1# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7391a27231a5666c61677381a8766f6c6174696c65c3a665786365707491a27233
V13: socket.io#/#a# 93a7656d697474657283a47479706502a46461746191a17aa36e7370a12f83a5726f6f6d7391a161a5666c61677381a8636f6d7072657373c3a665786365707490
V14: socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707491a27231
V15: socket.io#/admin#r1# 93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a62f61646d696e83a5726f6f6d7391a27231a5666c61677380a665786365707490
V16: myapp#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
V17: socket.io#/# 93a7656d697474657283a47479706502a46461746192a173a9c3a9e282acf09f9880a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
compress then volatile: socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677382a8636f6d7072657373c3a8766f6c6174696c65c3a665786365707490
volatile twice, compress changed: socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677382a8636f6d7072657373c2a8766f6c6174696c65c3a665786365707490
rooms 42 and "42": socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d73922aa23432a5666c61677380a665786365707490
to(a)->to(a): socket.io#/#a# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7391a161a5666c61677380a665786365707490
to(b,a)->to(a,c): socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7393a162a161a163a5666c61677380a665786365707490
except dedup, no rooms: socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707492a17807
room equal to except: socket.io#/#a# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7391a161a5666c61677380a665786365707491a161
empty room list: socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
negative int room: socket.io#/#-5# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7391fba5666c61677380a665786365707490
room with # and space: socket.io#/#a b#c# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7391a56120622363a5666c61677380a665786365707490
everything: socket.io#/chat# 93a7656d697474657283a47479706502a46461746195a36d736783a2696407a474657874a668c3a96c6c6fa47461677391a178c0c3c401ffa36e7370a52f6368617483a5726f6f6d7393a2723102a27234a5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c2a665786365707491a27233
nothing published
