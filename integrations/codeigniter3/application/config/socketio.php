<?php
defined('BASEPATH') OR exit('No direct script access allowed');

/*
| Settings of the socketio library ($this->load->library('socketio')). CodeIgniter 3 has no
| .env: read the environment (php-fpm: `env[SOCKETIO_URL] = ...` in the pool, or clear_env = no)
| or leave '' for the extension's php.ini settings (socketio.url, socketio.key, socketio.secret).
*/

// #region config
// Redis the Socket.IO servers' adapter uses.
$config['url'] = (string) getenv('SOCKETIO_URL');
// The adapter's key ('' = socket.io).
$config['key'] = (string) getenv('SOCKETIO_KEY');
// The namespace emits go to and tokens are issued for.
$config['namespace'] = '/';
// Emitter options: connect_timeout, timeout, backoff, on_error, persistent, adapter, ...
$config['options'] = array();
// HS256 secret shared with the companion server: at least 32 bytes.
$config['secret'] = (string) getenv('SOCKETIO_SECRET');
// Seconds a token stays valid (it is only checked when the browser connects).
$config['token_ttl'] = 300;
// Where browsers reach the companion Socket.IO server.
$config['server_url'] = getenv('SOCKETIO_SERVER_URL') ?: 'http://127.0.0.1:3000';
// #endregion config
