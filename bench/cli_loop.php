<?php
// (b) Warm loop, one CLI process: batches of emits through the extension against batches of raw
// phpredis PUBLISH of a pre-packed message on a persistent connection, interleaved batch by batch
// (order alternating) so that machine noise hits both alike. Prints one JSON document.
//
//   php cli_loop.php <redis-port> [ops-per-batch=5000] [rounds=10]
require __DIR__ . '/app/common.php';

$port = (int) ($argv[1] ?? 6379);
$batch = (int) ($argv[2] ?? 5000);
$rounds = (int) ($argv[3] ?? 10);

$post = build_post();
$room = team_room($post);
$io = new SocketIO\Emitter('redis://127.0.0.1:' . $port);
$redis = new Redis();
$redis->pconnect('127.0.0.1', $port);
$packed = msgpack_pack(emitter_message($post));

$variants = [
    'ext' => static function (int $n) use ($io, $room, $post): void {
        for ($i = 0; $i < $n; $i++) {
            $io->to([$room, 'admin'])->emit('new_post', $post);
        }
    },
    'phpredis_raw' => static function (int $n) use ($redis, $packed): void {
        for ($i = 0; $i < $n; $i++) {
            $redis->publish('socket.io#/#', $packed);
        }
    },
];

foreach ($variants as $run) {
    $run(intdiv($batch, 5)); // warm-up: connections open, code paths hot
}

// CPU time of this process (user + system) next to wall time: on a busy machine the wall time
// also contains waiting for Redis to be scheduled, the CPU time only what the client itself spends.
function cpu_ns(): float
{
    $u = getrusage();
    return ($u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec']) * 1e9 + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) * 1e3;
}

$ns = array_fill_keys(array_keys($variants), []);
$cpu = $ns;
$names = array_keys($variants);
for ($r = 0; $r < $rounds; $r++) {
    $order = $r % 2 ? array_reverse($names) : $names;
    foreach ($order as $name) {
        $c = cpu_ns();
        $t = hrtime(true);
        $variants[$name]($batch);
        $ns[$name][] = (hrtime(true) - $t) / $batch;
        $cpu[$name][] = (cpu_ns() - $c) / $batch;
    }
}

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

$paired = [];
foreach ($ns['ext'] as $i => $v) {
    $paired[] = $v / $ns['phpredis_raw'][$i];
}
echo json_encode([
    'batch' => $batch,
    'rounds' => $rounds,
    'ns_per_op' => $ns,
    'median_ns' => array_map('median', $ns),
    'median_cpu_ns' => array_map('median', $cpu),
    'ratio' => median($ns['ext']) / median($ns['phpredis_raw']),
    'paired_ratio' => median($paired),
]), "\n";
