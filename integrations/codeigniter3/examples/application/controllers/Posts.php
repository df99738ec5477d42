<?php
defined('BASEPATH') OR exit('No direct script access allowed');

/**
 * The team feed on CodeIgniter 3: every user sees their team's posts, admins every team's, live.
 */
class Posts extends CI_Controller
{
	public function __construct()
	{
		parent::__construct();
		$this->load->helper('url');
		$this->load->library(array('session', 'socketio'));
		$this->load->model(array('user_model', 'post_model'));
	}

	/** Demo login: /posts/login/1 (Ada, team 1), /2 (Bob, team 2), /3 (Root, admin in team 1). */
	public function login($id)
	{
		$user = $this->user_model->find((int) $id);
		if ($user === NULL)
		{
			show_404();
		}
		$this->session->set_userdata('user', $user);
		redirect('posts');
	}

	public function index()
	{
		$user = $this->session->userdata('user');
		if ($user === NULL)
		{
			show_error('Log in first: /posts/login/1', 403);
		}
		// #region token
		$rooms = array('team:'.$user['team_id']);
		if ($user['is_admin'])
		{
			$rooms[] = 'admin';
		}

		$this->load->view('posts/index', array(
			'posts'          => $this->post_model->visible_to($user),
			'socketio_url'   => $this->socketio->server_url(),
			'socketio_token' => $this->socketio->token($user['id'], $rooms),
		));
		// #endregion token
	}

	// #region post_message
	public function post_message()
	{
		$user = $this->session->userdata('user');
		$body = trim((string) $this->input->post('body'));
		if ($user === NULL || $body === '')
		{
			return $this->json(array('error' => 'Log in and write something.'), 422);
		}

		$post = $this->post_model->insert(array(
			'user_id' => $user['id'],
			'author'  => $user['name'],
			'team_id' => $user['team_id'],
			'body'    => $body,
		));
		$html = $this->load->view('posts/_post', array('post' => $post), TRUE);

		// Saved: a failed broadcast must not make the post look failed.
		try
		{
			$to = $this->socketio->to(array('team:'.$post['team_id'], 'admin'));
			if (($sender = $this->socketio->sender_id()) !== NULL)
			{
				$to = $to->except($sender);
			}
			$to->emit('new_post', array('id' => $post['id'], 'html' => $html));
		}
		catch (SocketIO\Exception $e)
		{
			log_message('error', 'Post '.$post['id'].' saved but not broadcast: '.$e->getMessage());
		}

		return $this->json(array('id' => $post['id'], 'html' => $html));
	}
	// #endregion post_message

	private function json(array $body, $status = 200)
	{
		$this->output->set_status_header($status)
			->set_content_type('application/json')
			->set_output(json_encode($body));
	}
}
