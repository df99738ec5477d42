<?php
// Turns run.sh's per-round wrk results (TSV: round, variant, req/s, errors) and the CLI loop's
// JSON into the printed summary: medians per variant and the ratios issue 3 asks for.
//
//   php summarize.php <fpm.tsv> <cli.json> <cpu.tsv>
[$_, $tsv, $cliJson, $cpuTsv] = $argv;

$labels = [
    'noemit' => '(1) no emit (ceiling)',
    'floor' => '(2) floor: phpredis pconnect, no ECHO, pre-packed',
    'ext' => '(3) SocketIO\Emitter (this extension)',
    'phpredis' => '(4) phpredis pconnect + msgpack_pack',
    'predis' => '(5) Predis per request + msgpack_pack',
];

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

$rps = [];
$errors = [];
foreach (file($tsv, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    [$round, $variant, $value, $err] = explode("\t", $line);
    $rps[$variant][(int) $round] = (float) $value;
    $errors[$variant] = ($errors[$variant] ?? 0) + (int) $err;
}

$med = array_map('median', $rps);
$base = $med['noemit'];
printf("\n(a) php-fpm + nginx + wrk: requests/s, median of %d interleaved rounds\n", count($rps['noemit']));
printf("  %-52s %9s %9s %9s %9s\n", 'variant', 'median', 'min', 'max', '/no-emit');
foreach ($labels as $k => $label) {
    if (!isset($rps[$k])) continue;
    printf("  %-52s %9.0f %9.0f %9.0f %9.2f%s\n", $label, $med[$k], min($rps[$k]), max($rps[$k]), $med[$k] / $base,
        $errors[$k] ? "  !! {$errors[$k]} failed requests" : '');
}

$paired = [];
foreach ($rps['ext'] as $round => $v) {
    $paired[] = $v / $rps['floor'][$round];
}
$extFloor = $med['ext'] / $med['floor'];
printf("\n  ext / floor            = %.3f  (target >= 0.95)  %s\n", $extFloor, $extFloor >= 0.95 ? 'MET' : 'NOT MET');
printf("  ext / floor, per round = %.3f  (median of the paired per-round ratios)\n", median($paired));
printf("  phpredis / floor       = %.3f\n", $med['phpredis'] / $med['floor']);
printf("  predis / floor         = %.3f\n", $med['predis'] / $med['floor']);
printf("  floor / no-emit        = %.3f\n", $med['floor'] / $base);

// Server CPU per request: each process group's time on CPU during a wrk run divided by the
// requests it served, median over the rounds. If these processes alone kept the machine busy,
// throughput would be inversely proportional to the total, hence the "CPU ratio".
$cpu = [];
foreach (file($cpuTsv, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    [$round, $variant, $reqs, $php, $nginx, $redis] = explode("\t", $line);
    if ((int) $reqs === 0) continue;
    $cpu[$variant]['php'][] = $php / $reqs / 1000;
    $cpu[$variant]['nginx'][] = $nginx / $reqs / 1000;
    $cpu[$variant]['redis'][] = $redis / $reqs / 1000;
    $cpu[$variant]['total'][] = ($php + $nginx + $redis) / $reqs / 1000;
}
printf("\n  Server CPU per request, microseconds, median of %d rounds (from /proc/<pid>/schedstat):\n",
    count($cpu['noemit']['total'] ?? []));
printf("  %-52s %9s %9s %9s %9s\n", 'variant', 'php-fpm', 'nginx', 'redis', 'total');
$cmed = [];
foreach ($labels as $k => $label) {
    if (!isset($cpu[$k])) continue;
    $cmed[$k] = array_map('median', $cpu[$k]);
    printf("  %-52s %9.1f %9.1f %9.1f %9.1f\n", $label, $cmed[$k]['php'], $cmed[$k]['nginx'], $cmed[$k]['redis'], $cmed[$k]['total']);
}
if (isset($cmed['ext'], $cmed['floor'])) {
    printf("  ext / floor by server CPU (floor CPU / ext CPU) = %.3f;  php-fpm workers only = %.3f\n",
        $cmed['floor']['total'] / $cmed['ext']['total'], $cmed['floor']['php'] / $cmed['ext']['php']);
}

$cli = json_decode(file_get_contents($cliJson), true, 16, JSON_THROW_ON_ERROR);
printf("\n(b) warm CLI loop: ns per emit, median of %d interleaved batches of %d\n", $cli['rounds'], $cli['batch']);
printf("  %-52s %9.0f\n", 'SocketIO\Emitter ->to([team, admin])->emit()', $cli['median_ns']['ext']);
printf("  %-52s %9.0f\n", 'phpredis ->publish() of a pre-packed message', $cli['median_ns']['phpredis_raw']);
printf("\n  ext / raw publish            = %.3f  (target <= 1.15)  %s\n", $cli['ratio'], $cli['ratio'] <= 1.15 ? 'MET' : 'NOT MET');
printf("  ext / raw publish, per batch = %.3f  (median of paired ratios)\n", $cli['paired_ratio']);
printf("  client CPU time per op (user+sys of the PHP process): ext %.0f ns, raw publish %.0f ns, ratio %.3f\n",
    $cli['median_cpu_ns']['ext'], $cli['median_cpu_ns']['phpredis_raw'],
    $cli['median_cpu_ns']['ext'] / $cli['median_cpu_ns']['phpredis_raw']);

$failed = array_sum($errors);
if ($failed) {
    fwrite(STDERR, "\nWARNING: some requests failed; their variants' figures are not comparable.\n");
}
