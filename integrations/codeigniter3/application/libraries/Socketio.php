<?php
defined('BASEPATH') OR exit('No direct script access allowed');

use SocketIO\Emitter;
use SocketIO\Token;

/**
 * CodeIgniter 3 library for the socketio extension:
 *
 *     $this->load->library('socketio');
 *     $this->socketio->to(array('team:7', 'admin'))->emit('new_post', $post);
 *
 * Every method of SocketIO\Emitter (to, in, except, of, volatile, compress, emit, socketsJoin,
 * socketsLeave, disconnectSockets, serverSideEmit, serverCount) is available on the library and
 * answers exactly as the Emitter does. Settings come from application/config/socketio.php, which
 * CodeIgniter's loader passes to the constructor.
 *
 * @method \SocketIO\BroadcastOperator to(string|int|array $rooms)
 * @method \SocketIO\BroadcastOperator in(string|int|array $rooms)
 * @method \SocketIO\BroadcastOperator except(string|int|array $rooms)
 * @method \SocketIO\BroadcastOperator volatile()
 * @method \SocketIO\BroadcastOperator compress(bool $compress = true)
 * @method Emitter of(string $namespace)
 * @method int|false emit(string $event, mixed ...$args)
 * @method int|false socketsJoin(string|int|array $rooms)
 * @method int|false socketsLeave(string|int|array $rooms)
 * @method int|false disconnectSockets(bool $close = false)
 * @method int|false serverSideEmit(string $event, mixed ...$args)
 * @method int serverCount()
 */
class Socketio
{
	/** The settings application/config/socketio.php may give, with their defaults. */
	const DEFAULTS = array(
		'url'        => '',   // '' = php.ini socketio.url
		'key'        => '',   // '' = php.ini socketio.key (default "socket.io")
		'namespace'  => '/',
		'options'    => array(),
		'secret'     => '',   // '' = php.ini socketio.secret
		'token_ttl'  => 300,
		'server_url' => 'http://127.0.0.1:3000',
	);

	/** @var Emitter */
	protected $emitter;

	/** @var array */
	protected $settings;

	public function __construct(array $config = array())
	{
		$unknown = array_diff_key($config, self::DEFAULTS);
		if ($unknown !== array())
		{
			throw new InvalidArgumentException('Unknown setting in application/config/socketio.php: $config[\''.implode("'], \$config['", array_keys($unknown)).'\']');
		}
		$this->settings = array_replace(self::DEFAULTS, $config);

		$options = $this->settings['options'];
		if ($this->settings['key'] !== '')
		{
			$options['key'] = $this->settings['key'];
		}
		// The constructor never connects: the first emit does, and the connection is kept for
		// the next requests of this PHP process.
		$this->emitter = new Emitter($this->settings['url'] === '' ? NULL : $this->settings['url'], $options);
		if ( ! in_array($this->settings['namespace'], array('', '/'), TRUE))
		{
			$this->emitter = $this->emitter->of($this->settings['namespace']);
		}
	}

	/** The configured SocketIO\Emitter itself. */
	public function emitter(): Emitter
	{
		return $this->emitter;
	}

	public function __call($method, array $args)
	{
		if ( ! method_exists($this->emitter, $method))
		{
			throw new BadMethodCallException('Socketio::'.$method.'() does not exist: the library offers the methods of SocketIO\Emitter, token() and sender_id()');
		}

		return $this->emitter->$method(...$args);
	}

	/**
	 * A short-lived signed token that lets the browser's socket join exactly $rooms on the
	 * companion server (in the configured namespace). The PHP app decides the rooms.
	 */
	public function token($user, array $rooms, $ttl = NULL, array $data = array()): string
	{
		$secret = $this->settings['secret'] === '' ? NULL : $this->settings['secret'];
		$ttl = $ttl === NULL ? (int) $this->settings['token_ttl'] : (int) $ttl;
		if (in_array($this->settings['namespace'], array('', '/'), TRUE))
		{
			return Token::issue($user, $rooms, $ttl, $data, $secret);
		}

		return Token::issue($user, $rooms, $ttl, $data, $secret, $this->settings['namespace']);
	}

	/**
	 * The Socket.IO id the page sent in the X-Socket-ID header, or NULL. Only a well-formed id
	 * (20 characters of base64url) is returned: any other value could name a room, and
	 * except('admin') would hide a post from every admin.
	 */
	public function sender_id()
	{
		$id = (string) get_instance()->input->get_request_header('X-Socket-ID');

		return preg_match('/^[A-Za-z0-9_-]{20}$/D', $id) === 1 ? $id : NULL;
	}

	/** Where browsers reach the companion Socket.IO server. */
	public function server_url(): string
	{
		return $this->settings['server_url'];
	}
}
