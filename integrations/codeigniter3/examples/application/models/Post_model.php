<?php
defined('BASEPATH') OR exit('No direct script access allowed');

/**
 * Posts in a JSON file under application/cache (locked while written), so the example needs no
 * database; an application uses $this->db->insert('posts', $post) and $this->db->insert_id().
 */
class Post_model extends CI_Model
{
	/** Saves the post and returns it with its id and created_at. */
	public function insert(array $post)
	{
		$file = fopen($this->path(), 'c+');
		flock($file, LOCK_EX);
		$posts = json_decode(stream_get_contents($file), TRUE) ?: array();
		$post['id'] = count($posts) + 1;
		$post['created_at'] = date('c');
		$posts[] = $post;
		ftruncate($file, 0);
		rewind($file);
		fwrite($file, json_encode($posts));
		fflush($file);
		flock($file, LOCK_UN);
		fclose($file);

		return $post;
	}

	/** The newest posts this user may read: their team's, or every team's for an admin. */
	public function visible_to(array $user)
	{
		$posts = is_file($this->path()) ? (json_decode(file_get_contents($this->path()), TRUE) ?: array()) : array();
		if ( ! $user['is_admin'])
		{
			$posts = array_filter($posts, function ($p) use ($user) { return $p['team_id'] === $user['team_id']; });
		}

		return array_reverse(array_values($posts));
	}

	private function path()
	{
		return APPPATH.'cache/posts.json';
	}
}
