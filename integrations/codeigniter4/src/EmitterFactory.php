<?php

declare(strict_types=1);

namespace SocketIO\CodeIgniter;

use SocketIO\CodeIgniter\Config\SocketIO as SocketIOConfig;
use SocketIO\Emitter;

/**
 * Builds the Emitter that `service('socketio')` shares, from Config\SocketIO.
 *
 * The constructor of SocketIO\Emitter never connects (the first emit does), so building it on
 * every request costs nothing; its connection is kept per php-fpm worker by the extension.
 */
final class EmitterFactory
{
    /**
     * @param array<string, mixed> $overrides options that win over the config's (the spark
     *     commands use ['on_error' => 'exception'] so a failure is reported, not logged)
     */
    public static function create(SocketIOConfig $config, array $overrides = []): Emitter
    {
        $options = self::options($config, $overrides);
        $emitter = new Emitter($config->url === '' ? null : $config->url, $options);

        return self::isMainNamespace($config->namespace) ? $emitter : $emitter->of($config->namespace);
    }

    /**
     * The options passed to the Emitter: the config's non-null options, the key when set, then
     * the overrides.
     *
     * @param array<string, mixed> $overrides
     *
     * @return array<string, mixed>
     */
    public static function options(SocketIOConfig $config, array $overrides = []): array
    {
        $options = array_filter($config->options, static fn ($value): bool => $value !== null && $value !== '');
        if ($config->key !== '') {
            $options['key'] = $config->key;
        }

        return array_replace($options, $overrides);
    }

    public static function isMainNamespace(string $namespace): bool
    {
        return $namespace === '' || $namespace === '/';
    }
}
