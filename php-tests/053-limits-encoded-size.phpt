--TEST--
Limits: memory_limit counts what the payload takes once encoded and copied into the Redis command (a Binary is 4 bytes per byte in a JSON request), nothing published when over; bytes are shared, not copied
--EXTENSIONS--
socketio
--INI--
memory_limit=64M
--FILE--
<?php
require __DIR__ . '/_helpers.php';

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());
$bytes = new SocketIO\Binary(str_repeat("\xff", 12 << 20));

echo "-- serverSideEmit writes bytes as a JSON Buffer: [255,255,...], about 4 bytes per byte\n";
socketio_test_throws($spy, fn () => $io->serverSideEmit('e', 'x', $bytes));
socketio_test_throws($spy, fn () => $io->serverSideEmit('e', ['nested' => [$bytes]]));

echo "-- a broadcast writes them as msgpack bin: the same Binary fits\n";
var_dump($io->emit('e', $bytes));
$m = $spy->next(5.0);
echo 'received ', $m === null ? 'nothing' : strlen($m[1]) . ' bytes', "\n";
unset($m);

echo "-- three times in one broadcast no longer fits\n";
socketio_test_throws($spy, fn () => $io->emit('e', $bytes, $bytes, $bytes));

echo "-- smaller bytes still go through a JSON request\n";
var_dump($io->serverSideEmit('e', new SocketIO\Binary("\x00\x01\xff")));
echo $spy->text(), "\n";

echo "-- memory_limit=-1 lifts it\n";
ini_set('memory_limit', '-1');
// 6 MiB: Redis drops a subscriber whose output buffer passes 32 MB (client-output-buffer-limit).
var_dump($io->serverSideEmit('e', new SocketIO\Binary(str_repeat("\xff", 6 << 20))));
$m = $spy->next(10.0);
echo 'received ', $m === null ? 'nothing' : strlen($m[1]) . ' bytes', "\n";
echo $spy->nothing(), "\n";
?>
--EXPECT--
-- serverSideEmit writes bytes as a JSON Buffer: [255,255,...], about 4 bytes per byte
SocketIO\EncodingException: $args[1]: payload too large: converting and encoding it takes more than memory_limit (64M)
  nothing published
SocketIO\EncodingException: $args[0]['nested'][0]: payload too large: converting and encoding it takes more than memory_limit (64M)
  nothing published
-- a broadcast writes them as msgpack bin: the same Binary fits
int(1)
received 12582970 bytes
-- three times in one broadcast no longer fits
SocketIO\EncodingException: $args[2]: payload too large: converting and encoding it takes more than memory_limit (64M)
  nothing published
-- smaller bytes still go through a JSON request
int(1)
socket.io-request#/# {"uid":"emitter","type":6,"data":["e",{"type":"Buffer","data":[0,1,255]}]}
-- memory_limit=-1 lifts it
int(1)
received 25165890 bytes
nothing published
