<?php
// (3) This extension, used the way the README tells users to: a new Emitter per request.
require __DIR__ . '/common.php';

$post = build_post();
$io = new SocketIO\Emitter('redis://127.0.0.1:' . redis_port());
$n = $io->to([team_room($post), 'admin'])->emit('new_post', $post);
respond($post, $n);
