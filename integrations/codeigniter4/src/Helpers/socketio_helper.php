<?php

declare(strict_types=1);

/*
 * helper('socketio'), or `protected $helpers = ['socketio'];` in a controller. CodeIgniter finds
 * this file in every PSR-4 namespace's Helpers/ directory.
 */

use SocketIO\CodeIgniter\Config\SocketIO as SocketIOConfig;
use SocketIO\CodeIgniter\EmitterFactory;
use SocketIO\Emitter;
use SocketIO\Token;

if (! function_exists('socketio')) {
    /**
     * The shared Emitter: `socketio()->to(['team:7', 'admin'])->emit('new_post', $post)`.
     */
    function socketio(): Emitter
    {
        return service('socketio');
    }
}

if (! function_exists('socketio_token')) {
    /**
     * A short-lived signed token for the browser: the companion server lets the socket join
     * exactly `$rooms` (the PHP app decides them, e.g. from the session), in the configured
     * namespace. Put it into the page that connects; it is only checked when connecting.
     *
     * @param list<int|string>      $rooms
     * @param array<string, mixed>  $data  extra claims the server hands to its handlers
     */
    function socketio_token(int|string $user, array $rooms, ?int $ttl = null, array $data = []): string
    {
        /** @var SocketIOConfig $config */
        $config = config('SocketIO');
        $secret = $config->secret === '' ? null : $config->secret;
        $ttl ??= $config->tokenTtl;

        if (EmitterFactory::isMainNamespace($config->namespace)) {
            return Token::issue($user, $rooms, $ttl, $data, $secret);
        }

        return Token::issue($user, $rooms, $ttl, $data, $secret, $config->namespace);
    }
}

if (! function_exists('socketio_sender_id')) {
    /**
     * The Socket.IO id the page sent with its request in the `X-Socket-ID` header (as Laravel's
     * toOthers() does), or null. Use it with except() so the poster's page, which shows the post
     * from the HTTP response, does not get it a second time from the broadcast.
     *
     * Only a well-formed Socket.IO id is accepted (20 characters of base64url): any other value
     * could name a room, and `except('admin')` would hide the post from every admin.
     */
    function socketio_sender_id(): ?string
    {
        $id = service('request')->getHeaderLine('X-Socket-ID');

        return preg_match('/^[A-Za-z0-9_-]{20}$/D', $id) === 1 ? $id : null;
    }
}
