--TEST--
adapter => 'streams': each call is one XADD (uid emitter, nsp, type, data) and returns the entry id; stream_name / max_len / stream_count; the negative-hash stream; batch, wait => false, cluster-free checks of the options
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$url = socketio_test_url();
$redis = new RespConnection($url);
$redis->call('DEL', 'socket.io', 'app', 'app-0', 'app--3', 'php100');
$entry = function (string $stream, string $id) use ($redis): array {
    $range = $redis->call('XRANGE', $stream, $id, $id);
    if (count($range) !== 1) {
        return ['missing' => $id];
    }
    [$got, $fields] = $range[0];
    return $fields;
};
$show = fn (array $fields) => implode(' ', $fields);

echo "-- every method, default stream\n";
$io = new SocketIO\Emitter($url, ['adapter' => 'streams']);
$ids = [
    $io->to('r1')->emit('hi', 'x'),
    $io->except(42)->volatile()->compress(false)->emit('bin', new SocketIO\Binary("\x01\x02\x03")),
    $io->in('r1')->socketsJoin('r9'),
    $io->socketsLeave(['r9', 7]),
    $io->to('r2')->disconnectSockets(),
    $io->of('admin')->disconnectSockets(true),
    $io->serverSideEmit('sse', ['a' => 1]),
    $io->serverSideEmit('sse-bin', new SocketIO\Binary("\xff")),
];
foreach ($ids as $id) {
    echo preg_match('/^\d+-\d+$/', $id) ? '' : "not an entry id: $id\n";
    echo $show($entry('socket.io', $id)), "\n";
}
echo 'ids increase: ', json_encode($ids === array_values(array_unique($ids)) && $ids == (function ($a) { usort($a, fn ($x, $y) => explode('-', $x) <=> explode('-', $y)); return $a; })($ids)), "\n";
echo 'stream length: ', $redis->call('XLEN', 'socket.io'), "\n";
// The binary ones: base64 of msgpack of the data map.
echo bin2hex(base64_decode($entry('socket.io', $ids[1])[7], true)), "\n";
echo bin2hex(base64_decode($entry('socket.io', $ids[7])[7], true)), "\n";

echo "-- stream_name, max_len, stream_count (and the negative hash)\n";
$app = new SocketIO\Emitter($url, ['adapter' => 'streams', 'stream_name' => 'app', 'max_len' => '5', 'stream_count' => 4]);
print_r(array_intersect_key($app->of('/notifications')->__debugInfo(), ['adapter' => 1, 'stream' => 1, 'max_len' => 1]));
$id = $app->of('/notifications')->emit('n', 1);
echo $show($entry('app--3', $id)), "\n";
$id = $app->of('/admin')->emit('a', 1);
echo $show($entry('app-0', $id)), "\n";
echo $app->__debugInfo()['stream'], "\n";
// MAXLEN ~ 5: Redis trims whole nodes (100 entries by default), so the length stays bounded.
for ($i = 0; $i < 300; $i++) {
    $app->of('/admin')->emit('fill', $i);
}
$len = $redis->call('XLEN', 'app-0');
echo 'trimmed: ', json_encode($len < 300 && $len >= 5), "\n";

echo "-- batch: the entry ids, in order\n";
$ids = $io->batch(function (SocketIO\Emitter $b) {
    $b->emit('one');
    $b->of('/admin')->to('r')->emit('two');
    $b->serverSideEmit('three');
});
foreach ($ids as $id) {
    echo $show($entry('socket.io', $id)), "\n";
}

echo "-- wait => false: null, the entry is there on the next call\n";
$nowait = new SocketIO\Emitter($url, ['adapter' => 'streams', 'stream_name' => 'php100', 'wait' => false]);
var_dump($nowait->emit('later', 1));
var_dump($nowait->serverCount());
echo $show($redis->call('XRANGE', 'php100', '-', '+')[0][1]), "\n";

echo "-- serverCount asks NUMSUB <key>#<nsp>#\n";
$sub = new RespConnection($url);
$sub->call('SUBSCRIBE', 'socket.io#/admin#');
var_dump($io->of('/admin')->serverCount(), $io->serverCount());

echo "-- bad options\n";
foreach ([
    ['stream_count' => 2],
    ['adapter' => 'sharded', 'stream_name' => 'x'],
    ['adapter' => 'streams', 'stream_name' => ''],
    ['adapter' => 'streams', 'stream_name' => 5],
    ['adapter' => 'streams', 'max_len' => 0],
    ['adapter' => 'streams', 'max_len' => -1],
    ['adapter' => 'streams', 'max_len' => 1.5],
    ['adapter' => 'streams', 'max_len' => 'ten'],
    ['adapter' => 'streams', 'stream_count' => 0],
    ['adapter' => 'streams', 'stream_count' => 65537],
    ['adapter' => 'streams', 'stream_count' => true],
    ['adapter' => 'stream'],
] as $options) {
    try {
        new SocketIO\Emitter($url, $options);
        echo "accepted\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
echo 'nothing written by refused calls: ', $redis->call('XLEN', 'socket.io'), "\n";
--EXPECT--
-- every method, default stream
uid emitter nsp / type 3 data {"packet":{"type":2,"data":["hi","x"]},"opts":{"rooms":["r1"],"except":[],"flags":{}}}
uid emitter nsp / type 3 data gqZwYWNrZXSCpHR5cGUCpGRhdGGSo2JpbsQDAQIDpG9wdHODpXJvb21zkKZleGNlcHSRKqVmbGFnc4Kodm9sYXRpbGXDqGNvbXByZXNzwg==
uid emitter nsp / type 4 data {"opts":{"rooms":["r1"],"except":[],"flags":{}},"rooms":["r9"]}
uid emitter nsp / type 5 data {"opts":{"rooms":[],"except":[],"flags":{}},"rooms":["r9",7]}
uid emitter nsp / type 6 data {"opts":{"rooms":["r2"],"except":[],"flags":{}},"close":false}
uid emitter nsp /admin type 6 data {"opts":{"rooms":[],"except":[],"flags":{}},"close":true}
uid emitter nsp / type 9 data {"packet":["sse",{"a":1}]}
uid emitter nsp / type 9 data gaZwYWNrZXSSp3NzZS1iaW7EAf8=
ids increase: true
stream length: 8
82a67061636b657482a47479706502a46461746192a362696ec403010203a46f70747383a5726f6f6d7390a6657863657074912aa5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c2
81a67061636b657492a77373652d62696ec401ff
-- stream_name, max_len, stream_count (and the negative hash)
Array
(
    [adapter] => streams
    [stream] => app--3
    [max_len] => 5
)
uid emitter nsp /notifications type 3 data {"packet":{"type":2,"data":["n",1]},"opts":{"rooms":[],"except":[],"flags":{}}}
uid emitter nsp /admin type 3 data {"packet":{"type":2,"data":["a",1]},"opts":{"rooms":[],"except":[],"flags":{}}}
app-3
trimmed: true
-- batch: the entry ids, in order
uid emitter nsp / type 3 data {"packet":{"type":2,"data":["one"]},"opts":{"rooms":[],"except":[],"flags":{}}}
uid emitter nsp /admin type 3 data {"packet":{"type":2,"data":["two"]},"opts":{"rooms":["r"],"except":[],"flags":{}}}
uid emitter nsp / type 9 data {"packet":["three"]}
-- wait => false: null, the entry is there on the next call
NULL
int(0)
uid emitter nsp / type 3 data {"packet":{"type":2,"data":["later",1]},"opts":{"rooms":[],"except":[],"flags":{}}}
-- serverCount asks NUMSUB <key>#<nsp>#
int(1)
int(0)
-- bad options
ValueError: SocketIO\Emitter::__construct(): option "stream_count" only applies with option "adapter" => "streams"
ValueError: SocketIO\Emitter::__construct(): option "stream_name" only applies with option "adapter" => "streams"
ValueError: SocketIO\Emitter::__construct(): option "stream_name" must not be empty
TypeError: SocketIO\Emitter::__construct(): option "stream_name" must be of type string, int given
ValueError: SocketIO\Emitter::__construct(): option "max_len" must be at least 1, got 0
ValueError: SocketIO\Emitter::__construct(): option "max_len" must be at least 1, got -1
TypeError: SocketIO\Emitter::__construct(): option "max_len" must be of type int, float given
ValueError: SocketIO\Emitter::__construct(): option "max_len" must be an integer, got "ten"
ValueError: SocketIO\Emitter::__construct(): option "stream_count" must be between 1 and 65536, got 0
ValueError: SocketIO\Emitter::__construct(): option "stream_count" must be between 1 and 65536, got 65537
TypeError: SocketIO\Emitter::__construct(): option "stream_count" must be of type int, bool given
ValueError: SocketIO\Emitter::__construct(): option "adapter" must be "redis", "sharded" or "streams", got "stream"
nothing written by refused calls: 11
