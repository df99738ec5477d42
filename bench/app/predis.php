<?php
// (5) A plain PHP emitter over Predis (Debian's php-predis), as the PHP emitter libraries are
// used: Predis's autoloader, a client per request (so a TCP connect per request), msgpack_pack.
require __DIR__ . '/common.php';
require '/usr/share/php/Predis/Autoloader.php';
require __DIR__ . '/legacy_emitter.php';
Predis\Autoloader::register();

$post = build_post();
$emitter = new LegacyEmitter(['host' => '127.0.0.1', 'port' => redis_port()]);
$n = $emitter->to(team_room($post))->to('admin')->emit('new_post', $post);
respond($post, $n);
