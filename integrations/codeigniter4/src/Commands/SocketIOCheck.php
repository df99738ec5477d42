<?php

declare(strict_types=1);

namespace SocketIO\CodeIgniter\Commands;

use CodeIgniter\CLI\BaseCommand;
use CodeIgniter\CLI\CLI;
use SocketIO\CodeIgniter\Config\SocketIO as SocketIOConfig;
use SocketIO\CodeIgniter\EmitterFactory;
use SocketIO\CodeIgniter\Redact;
use SocketIO\CodeIgniter\RedisProbe;
use Throwable;

/**
 * `php spark socketio:check`: is the configured Redis reachable, and do Socket.IO servers listen
 * on the configured key and namespace? Exit code 0 when both hold, 1 when Redis (or the
 * extension) is not usable, 2 when Redis works but no Socket.IO server would receive an emit.
 */
class SocketIOCheck extends BaseCommand
{
    public const EXIT_OK = 0;
    public const EXIT_REDIS = 1;
    public const EXIT_NO_SERVER = 2;

    protected $group = 'SocketIO';
    protected $name = 'socketio:check';
    protected $description = 'Connects to the configured Redis and counts the Socket.IO servers listening on the configured key and namespace.';
    protected $usage = 'socketio:check';

    public function run(array $params)
    {
        if (! extension_loaded('socketio')) {
            CLI::error('The socketio extension is not loaded in this PHP (' . PHP_BINARY . '): see `php --ri socketio`.');

            return self::EXIT_REDIS;
        }

        /** @var SocketIOConfig $config */
        $config = config('SocketIO');
        $options = EmitterFactory::options($config);
        $url = $config->url !== '' ? $config->url : (string) ini_get('socketio.url');
        $seed = trim(explode(',', $url)[0]);
        $key = $options['key'] ?? (string) ini_get('socketio.key');
        $namespace = EmitterFactory::isMainNamespace($config->namespace) ? '/' : '/' . ltrim($config->namespace, '/');
        $adapter = (string) ($options['adapter'] ?? ini_get('socketio.adapter'));

        CLI::write('socketio extension ' . phpversion('socketio'));
        CLI::write('Redis      ' . Redact::url($url) . ($config->url === '' ? '  (php.ini socketio.url)' : '  (socketio.url)'));
        CLI::write("Key        {$key}   Namespace {$namespace}   Adapter " . ($adapter !== '' ? $adapter : 'redis'));

        $timeout = (float) ($options['connect_timeout'] ?? ini_get('socketio.connect_timeout') ?: 1);
        try {
            $redis = RedisProbe::probe($seed, $timeout, $options['username'] ?? null, $options['password'] ?? null);
        } catch (Throwable $e) {
            CLI::error('Redis is not reachable: ' . $e->getMessage());
            CLI::error('Check socketio.url in .env (or php.ini), that Redis runs, and its password.');

            return self::EXIT_REDIS;
        }
        CLI::write(sprintf(
            'Connected  Redis %s (%s), PING round trip %.2f ms',
            $redis['version'],
            $redis['mode'],
            $redis['round_trip_ms'],
        ), 'green');

        if (! method_exists(\SocketIO\Emitter::class, 'serverCount')) {
            CLI::error('This socketio extension (' . phpversion('socketio') . ') cannot count Socket.IO servers: serverCount() needs a newer version.');

            return self::EXIT_REDIS;
        }
        try {
            $servers = EmitterFactory::create($config, ['on_error' => 'exception'])->serverCount();
        } catch (Throwable $e) {
            CLI::error('Counting the Socket.IO servers failed: ' . $e->getMessage());

            return self::EXIT_REDIS;
        }

        if ($servers > 0) {
            $listen = $servers === 1 ? 'Socket.IO server listens' : 'Socket.IO servers listen';
            CLI::write("Servers    {$servers} {$listen} on key \"{$key}\", namespace \"{$namespace}\": emits will reach them.", 'green');

            return self::EXIT_OK;
        }

        CLI::error("Servers    0: no Socket.IO server listens on key \"{$key}\", namespace \"{$namespace}\" of this Redis.");
        foreach (self::zeroServerCauses($key, $namespace) as $cause) {
            CLI::write('  - ' . $cause);
        }

        return self::EXIT_NO_SERVER;
    }

    /**
     * What 0 servers means, most likely first.
     *
     * @return list<string>
     */
    public static function zeroServerCauses(string $key, string $namespace): array
    {
        return [
            'the companion server is not running (or has not finished connecting to Redis);',
            'it uses another Redis: its --redis / SOCKETIO_REDIS_URL must name the same server as socketio.url (pub/sub ignores the database number);',
            "it uses another key: its adapter key (--key) must be \"{$key}\" (socketio.key);",
            "it never created namespace \"{$namespace}\": a server subscribes to a namespace when it defines it or a client first connects to it;",
            'it runs the sharded adapter (createShardedAdapter) while socketio.options.adapter is not "sharded", or the other way round.',
        ];
    }
}
