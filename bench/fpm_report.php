<?php
// Summarises bench/fpm.sh's rounds: medians, spread and ratios (nothing asserted).
//   php fpm_report.php <rounds.jsonl> <publishes.tsv> <connections> <seconds> <latency requests>
[$_, $roundsFile, $publishesFile, $connections, $seconds, $latencyRequests] = $argv;
$names = [
    'noemit' => '(1) no emit (ceiling)',
    'ext' => '(2) emit, waits for the reply',
    'nowait' => "(3) emit, wait => false",
];

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

function percentile(array $xs, float $p): float
{
    sort($xs);
    return $xs[min(count($xs) - 1, (int) ceil($p / 100 * count($xs)) - 1)];
}

$rates = $p50s = $all = [];
foreach (file($roundsFile, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    $row = json_decode($line, true, 8, JSON_THROW_ON_ERROR);
    $v = $row['variant'];
    $rates[$v][] = $row['rate']['requests'] / $row['rate']['seconds'];
    $p50s[$v][] = median($row['latency']['latencies_us']);
    $all[$v] = array_merge($all[$v] ?? [], $row['latency']['latencies_us']);
}
$publishes = [];
foreach (file($publishesFile, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    [$v, $n] = explode("\t", $line);
    $publishes[$v] = (int) $n / 200;
}

$rounds = count($rates['noemit']);
printf("\nphp-fpm, one request = decode input, build a post, (emit it), answer JSON; FastCGI straight to php-fpm\n");
printf("(keep-alive, pm=static, %d workers, opcache); %d interleaved rounds; PUBLISHes per request measured by Redis\n", $connections, $rounds);
printf("  %-34s %8s %10s %8s %8s %9s %13s %9s\n", 'variant', 'PUBLISH', "req/s c=$connections", 'min', 'max', '/no-emit', 'latency p50', 'p99');
$m = $lat = [];
foreach ($names as $v => $label) {
    $m[$v] = median($rates[$v]);
    $lat[$v] = median($p50s[$v]);
    printf(
        "  %-34s %8.2f %10.0f %8.0f %8.0f %9.2f %10.0f us %6.0f us\n",
        $label, $publishes[$v] ?? -1, $m[$v], min($rates[$v]), max($rates[$v]), $m[$v] / $m['noemit'], $lat[$v],
        percentile($all[$v], 99)
    );
}
printf("  (req/s: median of %d runs of %s s at %d connections; latency: median of the per-round medians of %d\n", $rounds, $seconds, $connections, $latencyRequests);
printf("   requests one at a time, p99 over all %d of them)\n", $rounds * $latencyRequests);
$waitCost = $lat['ext'] - $lat['noemit'];
$nowaitCost = $lat['nowait'] - $lat['noemit'];
printf("  no-wait / wait, req/s                  = %.2f\n", $m['nowait'] / $m['ext']);
printf("  latency over no emit (p50)             : waiting +%.0f us, no-wait +%.0f us (no-wait keeps %.0f%% of it)\n",
    $waitCost, $nowaitCost, $waitCost > 0 ? 100 * $nowaitCost / $waitCost : 0);
printf("  no-wait closer to the no-emit ceiling than waiting: %s\n", abs($nowaitCost) < abs($waitCost) ? 'yes' : 'NO');
