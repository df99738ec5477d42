<?php

declare(strict_types=1);

namespace SocketIO\CodeIgniter\Config;

use CodeIgniter\Config\BaseConfig;
use SocketIO\CodeIgniter\Redact;

/**
 * Settings of the shared SocketIO\Emitter (`service('socketio')`) and of the tokens the browser
 * presents to the companion Socket.IO server.
 *
 * CodeIgniter fills every property from `.env` by the class's short name, lower-cased:
 *
 *     socketio.url = redis://127.0.0.1:6379
 *     socketio.key = socket.io
 *     socketio.secret = <at least 32 random bytes, the same as the companion server's>
 *     socketio.serverUrl = http://127.0.0.1:3000
 *     socketio.options.on_error = log
 *
 * An empty string means "the extension's php.ini default" (`socketio.url`, `socketio.key`,
 * `socketio.secret`). To change the defaults in code, copy this class to app/Config/SocketIO.php
 * (namespace Config, `extends \SocketIO\CodeIgniter\Config\SocketIO`): `config('SocketIO')`
 * prefers the app's class.
 */
class SocketIO extends BaseConfig
{
    /** Redis the Socket.IO servers' adapter uses. '' = php.ini `socketio.url`. */
    public string $url = '';

    /** The adapter's `key` (channel prefix). '' = php.ini `socketio.key` (default `socket.io`). */
    public string $key = '';

    /** The Socket.IO namespace emits go to and tokens are issued for. */
    public string $namespace = '/';

    /**
     * Emitter options (see the extension's stub): null = the php.ini default. Only keys listed
     * here can be set from .env (`socketio.options.timeout = 0.5`), because CodeIgniter only
     * overrides array keys that exist.
     *
     * @var array<string, bool|float|int|string|null>
     */
    public array $options = [
        'on_error'          => null,
        'connect_timeout'   => null,
        'timeout'           => null,
        'backoff'           => null,
        'persistent'        => null,
        'cluster'           => null,
        'adapter'           => null,
        'subscription_mode' => null,
        'username'          => null,
        'password'          => null,
    ];

    /** HS256 secret shared with the companion server. '' = php.ini `socketio.secret`. */
    public string $secret = '';

    /** Seconds a token issued by socketio_token() stays valid (only for connecting). */
    public int $tokenTtl = 300;

    /** Where browsers reach the companion Socket.IO server (the layout loads the client from it). */
    public string $serverUrl = 'http://127.0.0.1:3000';

    /**
     * var_dump()/print_r() of this object (and debug toolbars that honour __debugInfo) show no
     * secret: the token secret, the Redis password and a password inside the URL are masked.
     *
     * @return array<string, mixed>
     */
    public function __debugInfo(): array
    {
        $shown = get_object_vars($this);
        $shown['url'] = Redact::url($this->url);
        $shown['secret'] = $this->secret === '' ? '' : '***';
        if (($this->options['password'] ?? null) !== null) {
            $shown['options']['password'] = '***';
        }

        return $shown;
    }
}
