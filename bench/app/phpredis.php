<?php
// (4) What users hand-roll today: phpredis pconnect (default settings, so its pool sends an ECHO
// to check the pooled socket on every request) and msgpack_pack of the emitter's message.
require __DIR__ . '/common.php';

$post = build_post();
$redis = new Redis();
$redis->pconnect('127.0.0.1', redis_port());
$n = $redis->publish('socket.io#/#', msgpack_pack(emitter_message($post)));
respond($post, $n);
