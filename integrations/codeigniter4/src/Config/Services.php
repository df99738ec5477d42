<?php

declare(strict_types=1);

namespace SocketIO\CodeIgniter\Config;

use CodeIgniter\Config\BaseService;
use SocketIO\CodeIgniter\Config\SocketIO as SocketIOConfig;
use SocketIO\CodeIgniter\EmitterFactory;
use SocketIO\Emitter;

/**
 * Found by CodeIgniter's service discovery (Config/Services.php in every PSR-4 namespace), so
 * `service('socketio')` and `\Config\Services::socketio()` work without editing app/Config.
 */
class Services extends BaseService
{
    /**
     * The Emitter configured by Config\SocketIO (app/Config/SocketIO.php when the app has one).
     * Emitters are immutable: `service('socketio')->to('admin')` returns a new object and never
     * changes the shared one.
     */
    public static function socketio(?SocketIOConfig $config = null, bool $getShared = true): Emitter
    {
        if ($getShared) {
            return static::getSharedInstance('socketio', $config);
        }

        return EmitterFactory::create($config ?? config('SocketIO'));
    }
}
