<?php
defined('BASEPATH') OR exit('No direct script access allowed');

/** The seed's three users; an application reads them from its database. */
class User_model extends CI_Model
{
	const USERS = array(
		1 => array('id' => 1, 'name' => 'Ada', 'team_id' => 1, 'is_admin' => FALSE),
		2 => array('id' => 2, 'name' => 'Bob', 'team_id' => 2, 'is_admin' => FALSE),
		3 => array('id' => 3, 'name' => 'Root', 'team_id' => 1, 'is_admin' => TRUE),
	);

	public function find($id)
	{
		return isset(self::USERS[$id]) ? self::USERS[$id] : NULL;
	}
}
