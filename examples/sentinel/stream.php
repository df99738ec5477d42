<?php
// Emits numbered `tick` events, one every 10 ms, to the master a set of Redis Sentinels names,
// and prints one JSON line per emit (what happened, how long it took). Stops once 100 emits
// have reached a Socket.IO server after a failure, or after 90 s. Run by e2e/test/sentinel.test.mjs, which
// kills the master meanwhile; the region below is the README's Sentinel example.
//
//   SOCKETIO_URL='redis+sentinel://127.0.0.1:26379,127.0.0.1:26380/mymaster' php stream.php

$failedSince = null;
$afterResume = 0;
$end = microtime(true) + 90;
for ($n = 1; microtime(true) < $end; $n++) {
    $t = hrtime(true);
    $record = ['n' => $n];
    // #region sentinel
    // SOCKETIO_URL=redis+sentinel://10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379/mymaster
    $io = new SocketIO\Emitter(getenv('SOCKETIO_URL'), [
        'password' => getenv('REDIS_PASSWORD') ?: null,             // the master's (as in a redis:// URL)
        'sentinel_password' => getenv('SENTINEL_PASSWORD') ?: null, // the sentinels' own requirepass
    ]);
    try {
        $record['receivers'] = $io->emit('tick', $n);
    } catch (SocketIO\ConnectionException $e) {
        // No master reachable right now (a failover takes a few seconds): nothing was published,
        // unless it is a TimeoutException (sent, reply lost: it may still be delivered).
        $record['code'] = $e->getCode();
        $record['message'] = $e->getMessage();
    }
    // #endregion sentinel
    $record['ok'] = !isset($record['code']);
    $record['ms'] = (hrtime(true) - $t) / 1e6;
    $record['at'] = microtime(true) * 1000;
    echo json_encode($record), "\n";
    if (!$record['ok']) {
        $failedSince ??= $n;
    } elseif ($failedSince !== null && $record['receivers'] > 0 && ++$afterResume >= 100) {
        break;
    }
    usleep(10000);
}
