--TEST--
Payloads larger than memory_limit once converted (shared values repeated exponentially, big strings repeated) are refused with EncodingException instead of exhausting the machine's memory; memory_limit=-1 lifts it
--EXTENSIONS--
socketio
--INI--
memory_limit=16M
--FILE--
<?php
require __DIR__ . '/_helpers.php';

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

// 40 levels of [$a, $a]: a few hundred bytes in PHP, 2^40 leaves once written out.
$bomb = 'leaf';
for ($i = 0; $i < 40; $i++) {
    $bomb = [$bomb, $bomb];
}
$t = microtime(true);
socketio_test_throws($spy, fn () => $io->emit('e', ['payload' => $bomb]));
echo 'stopped early: ', var_export(microtime(true) - $t < 1.5, true), "\n";

$obj = new stdClass();
$obj->leaf = 'x';
for ($i = 0; $i < 40; $i++) {
    $next = new stdClass();
    $next->l = $obj;
    $next->r = $obj;
    $obj = $next;
}
socketio_test_throws($spy, fn () => $io->emit('e', 1, $obj));

// A string costs about 3 times its size outside PHP's allocator (its copy, the encoded
// payload, the Redis command); a Binary twice (encoded and command; its bytes are shared).
$big = str_repeat('b', 4 << 20);
socketio_test_throws($spy, fn () => $io->emit('e', $big, $big, $big));
socketio_test_throws($spy, fn () => $io->emit('e', [new SocketIO\Binary($big), [new SocketIO\Binary($big), new SocketIO\Binary($big)]]));
// The spy reads messages in PHP, within the same memory_limit: big ones are read at the end.
echo 'one 4 MiB string: ', $io->emit('e', $big) === 1 ? 'published' : 'NOT PUBLISHED', "\n";

// 16 levels (65536 leaves) fit; without a limit so do 20.
$small = 'leaf';
for ($i = 0; $i < 16; $i++) {
    $small = [$small, $small];
}
echo '2^16 leaves: ', $io->emit('e', $small) === 1 ? 'published' : 'NOT PUBLISHED', "\n";
ini_set('memory_limit', '-1');
echo 'memory_limit=-1, three 4 MiB strings: ', $io->emit('e', $big, $big, $big) === 1 ? 'published' : 'NOT PUBLISHED', "\n";
foreach ([4 << 20, 327735, 12 << 20] as $size) {
    echo strlen($spy->next()[1] ?? '') >= $size ? 'received' : 'NOT RECEIVED', "\n";
}
echo $spy->nothing(), "\n";
?>
--EXPECTF--
SocketIO\EncodingException: $args[0]['payload'][%s: payload too large: converting and encoding it takes more than memory_limit (16M)
  nothing published
stopped early: true
SocketIO\EncodingException: $args[1]->l%s: payload too large: converting and encoding it takes more than memory_limit (16M)
  nothing published
SocketIO\EncodingException: $args[1]: payload too large: converting and encoding it takes more than memory_limit (16M)
  nothing published
SocketIO\EncodingException: $args[0][1][0]: payload too large: converting and encoding it takes more than memory_limit (16M)
  nothing published
one 4 MiB string: published
2^16 leaves: published
memory_limit=-1, three 4 MiB strings: published
received
received
received
nothing published
