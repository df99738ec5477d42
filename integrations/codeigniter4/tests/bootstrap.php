<?php

// Loads the CodeIgniter 4 stand-in (shim/framework.php) and registers the module and the example
// app as PSR-4 namespaces, the way app/Config/Autoload.php or Composer would.

declare(strict_types=1);

require __DIR__ . '/shim/framework.php';

Shim\Modules::register('App', dirname(__DIR__) . '/examples/app');
Shim\Modules::register('SocketIO\CodeIgniter', dirname(__DIR__) . '/src');
