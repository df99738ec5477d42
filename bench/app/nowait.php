<?php
// (3b) This extension with `wait => false`: the emit returns once written; its reply is read at
// the worker's next use of the connection (see README "Emits that do not wait").
require __DIR__ . '/common.php';

$post = build_post();
$io = new SocketIO\Emitter('redis://127.0.0.1:' . redis_port(), ['wait' => false]);
$n = $io->to([team_room($post), 'admin'])->emit('new_post', $post);
respond($post, $n);
