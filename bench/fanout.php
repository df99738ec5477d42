<?php
// Fan-out benchmark (issue 11): one event to each of N users, each in their own room, with a
// ~200-byte payload. Three ways, interleaved round by round (order alternating) so that machine
// noise hits them alike; medians and ratios printed, nothing asserted.
//
//   batch      $io->batch(fn ($b) => ... $b->to("user:$i")->emit('notification', $data))
//   pipeline   phpredis multi(Redis::PIPELINE) of the same messages, packed with msgpack_pack
//              BEFORE the timed part (the floor: what one connection can carry)
//   loop       the plain emit loop, one round trip per emit (timed on min(N, 10000) emits: its
//              rate does not depend on N, and 100k of them would take the run many seconds)
//
//   php fanout.php <redis-port> [sizes=10000,100000] [rounds=7]
//   php fanout.php --memory <redis-port> <n>   (the memory peak of one N-emit batch, see below)
if (($argv[1] ?? '') === '--memory') {
    memory_child((int) $argv[2], (int) $argv[3]);
    exit(0);
}
$port = (int) ($argv[1] ?? 6379);
$sizes = array_map('intval', explode(',', $argv[2] ?? '10000,100000'));
$rounds = (int) ($argv[3] ?? 7);
const LOOP_MAX = 10000;

function data(int $i): array
{
    return ['id' => $i, 'order' => 900000 + $i, 'status' => 'shipped', 'note' => str_repeat('x', 150)];
}

function room(int $i): string
{
    return "user:$i";
}

$io = new SocketIO\Emitter("redis://127.0.0.1:$port");
$redis = new Redis();
$redis->pconnect('127.0.0.1', $port);

// What @socket.io/redis-emitter publishes for to("user:$i")->emit('notification', data($i)).
function packed(int $n): array
{
    $out = [];
    for ($i = 0; $i < $n; $i++) {
        $out[] = ['socket.io#/#' . room($i) . '#', msgpack_pack([
            'emitter',
            ['type' => 2, 'data' => ['notification', data($i)], 'nsp' => '/'],
            ['rooms' => [room($i)], 'flags' => [], 'except' => []],
        ])];
    }
    return $out;
}

$variants = [
    'batch' => static function (int $n) use ($io): int {
        $counts = $io->batch(static function (SocketIO\Emitter $b) use ($n): void {
            for ($i = 0; $i < $n; $i++) {
                $b->to(room($i))->emit('notification', data($i));
            }
        });
        return count($counts);
    },
    'pipeline' => static function (int $n, array $messages) use ($redis): int {
        $redis->multi(Redis::PIPELINE);
        foreach ($messages as [$channel, $payload]) {
            $redis->publish($channel, $payload);
        }
        return count($redis->exec());
    },
    'loop' => static function (int $n) use ($io): int {
        for ($i = 0; $i < $n; $i++) {
            $io->to(room($i))->emit('notification', data($i));
        }
        return $n;
    },
];

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

$report = [];
foreach ($sizes as $n) {
    $messages = packed($n);
    // Warm-up: connections open, code paths hot.
    $variants['batch'](min($n, 1000));
    $variants['pipeline'](min($n, 1000), array_slice($messages, 0, 1000));
    $variants['loop'](100);
    $rates = ['batch' => [], 'pipeline' => [], 'loop' => []];
    $names = array_keys($rates);
    for ($r = 0; $r < $rounds; $r++) {
        foreach ($r % 2 ? array_reverse($names) : $names as $name) {
            $count = $name === 'loop' ? min($n, LOOP_MAX) : $n;
            $t = hrtime(true);
            $done = $variants[$name]($count, $messages);
            $s = (hrtime(true) - $t) / 1e9;
            if ($done !== $count) {
                fwrite(STDERR, "$name sent $done of $count\n");
                exit(1);
            }
            $rates[$name][] = $count / $s;
        }
    }
    unset($messages);
    $m = array_map('median', $rates);
    $report[$n] = $m + ['batch/pipeline' => $m['batch'] / $m['pipeline'], 'batch/loop' => $m['batch'] / $m['loop']];
}

// The memory peak of a 100k-emit batch, in a fresh process: its peak RSS (VmHWM) after minus
// before the batch (the queue lives in the extension's allocator, which memory_get_peak_usage()
// does not see), and PHP's own peak.
$mem = json_decode((string) shell_exec(escapeshellarg(PHP_BINARY) . ' ' . implode(' ', array_map(
    'escapeshellarg',
    array_merge(php_ini_args(), [__FILE__, '--memory', (string) $port, '100000'])
))), true);

function php_ini_args(): array
{
    $ini = php_ini_loaded_file();
    return $ini ? ['-c', $ini] : [];
}

printf("\nFan-out: one emit per user, each to its own room, ~200-byte payload; %d interleaved rounds, medians (emits/s)\n", $rounds);
printf("  %-8s %12s %12s %12s   %-16s %-12s\n", 'N', 'batch', 'pipeline', 'loop', 'batch/pipeline', 'batch/loop');
foreach ($report as $n => $m) {
    printf(
        "  %-8d %12.0f %12.0f %12.0f   %-16.2f %-12.1f\n",
        $n, $m['batch'], $m['pipeline'], $m['loop'], $m['batch/pipeline'], $m['batch/loop']
    );
}
printf("  targets: batch/pipeline >= 0.8, batch/loop >= 10 (the loop is timed on min(N, %d) emits)\n", LOOP_MAX);
if (is_array($mem)) {
    printf(
        "Memory of one 100k-emit batch: peak RSS +%.1f MiB (queue: %.1f MiB of encoded commands), PHP peak %.1f MiB\n",
        $mem['rss_delta'] / 1048576, $mem['queued_bytes'] / 1048576, $mem['php_peak'] / 1048576
    );
} else {
    echo "Memory: the child process failed\n";
}

function vm_hwm(): int
{
    preg_match('/^VmHWM:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $m);
    return (int) $m[1] * 1024;
}

function memory_child(int $port, int $n): void
{
    $io = new SocketIO\Emitter("redis://127.0.0.1:$port");
    $io->emit('warm');
    $before = vm_hwm();
    $counts = $io->batch(static function (SocketIO\Emitter $b) use ($n): void {
        for ($i = 0; $i < $n; $i++) {
            $b->to(room($i))->emit('notification', data($i));
        }
    });
    $after = vm_hwm();
    // Encoded size of one command, for the queue estimate: PUBLISH + channel + payload framing.
    $one = strlen(msgpack_pack(['emitter', ['type' => 2, 'data' => ['notification', data($n - 1)], 'nsp' => '/'],
        ['rooms' => [room($n - 1)], 'flags' => [], 'except' => []]])) + strlen('socket.io#/#' . room($n - 1) . '#') + 40;
    echo json_encode([
        'n' => count($counts),
        'rss_delta' => $after - $before,
        'queued_bytes' => $one * $n,
        'php_peak' => memory_get_peak_usage(true),
    ]), "\n";
}
