<?php

declare(strict_types=1);

namespace SocketIO\CodeIgniter\Commands;

use CodeIgniter\CLI\BaseCommand;
use CodeIgniter\CLI\CLI;
use JsonException;
use SocketIO\CodeIgniter\Config\SocketIO as SocketIOConfig;
use SocketIO\CodeIgniter\EmitterFactory;
use Throwable;

/**
 * `php spark socketio:emit new_post '{"id": 1}' --to team:7,admin`: emits one event with the
 * configured Emitter, as a controller would. Exit code 0 when at least one Socket.IO server
 * received it, 1 on an error (nothing published), 2 when no server listens.
 */
class SocketIOEmit extends BaseCommand
{
    protected $group = 'SocketIO';
    protected $name = 'socketio:emit';
    protected $description = 'Emits an event to the Socket.IO servers (all sockets, or rooms with --to).';
    protected $usage = 'socketio:emit <event> [<json>] [--to room1,room2] [--except room]';
    protected $arguments = [
        'event' => 'The event name the clients listen to.',
        'json'  => 'The event\'s argument as JSON (an object, list, string, number...); none when omitted.',
    ];
    protected $options = [
        '--to'     => 'Comma-separated rooms to send to (default: every socket of the namespace).',
        '--except' => 'Comma-separated rooms (or socket ids) to leave out.',
    ];

    public function run(array $params)
    {
        $event = $params[0] ?? null;
        if (! is_string($event) || $event === '') {
            CLI::error('Usage: php spark ' . $this->usage);

            return 1;
        }
        $args = [];
        if (isset($params[1])) {
            try {
                $args[] = json_decode((string) $params[1], true, 512, JSON_THROW_ON_ERROR);
            } catch (JsonException $e) {
                CLI::error("The second argument is not valid JSON ({$e->getMessage()}): {$params[1]}");

                return 1;
            }
        }
        foreach (['to', 'except'] as $name) {
            if (array_key_exists($name, $params) && ! is_string($params[$name])) {
                CLI::error("--{$name} needs a value: --{$name} room1,room2");

                return 1;
            }
        }
        $to = self::rooms($params['to'] ?? CLI::getOption('to'));
        $except = self::rooms($params['except'] ?? CLI::getOption('except'));

        /** @var SocketIOConfig $config */
        $config = config('SocketIO');
        try {
            $target = EmitterFactory::create($config, ['on_error' => 'exception']);
            if ($to !== []) {
                $target = $target->to($to);
            }
            if ($except !== []) {
                $target = $target->except($except);
            }
            $servers = $target->emit($event, ...$args);
        } catch (Throwable $e) {
            CLI::error('Not emitted: ' . $e->getMessage());

            return 1;
        }

        $where = $to === [] ? 'every socket' : 'rooms ' . implode(', ', $to);
        if ($servers === 0) {
            CLI::error("Emitted \"{$event}\" to {$where}, but no Socket.IO server received it (run `php spark socketio:check`).");

            return 2;
        }
        CLI::write("Emitted \"{$event}\" to {$where}: {$servers} Socket.IO server" . ($servers === 1 ? '' : 's') . ' received it.', 'green');

        return 0;
    }

    /** @return list<string> */
    private static function rooms(mixed $option): array
    {
        if (! is_string($option)) {
            return []; // absent, or given without a value
        }

        return array_values(array_filter(array_map('trim', explode(',', $option)), static fn (string $r): bool => $r !== ''));
    }
}
