<?php

use CodeIgniter\Router\RouteCollection;

/**
 * app/Config/Routes.php of a fresh CodeIgniter 4 app plus the example's routes (CodeIgniter 4.2+
 * does not route /controller/method by itself: $autoRoute is false). In an app of your own, add
 * only the lines of the region to your Routes.php.
 *
 * @var RouteCollection $routes
 */
$routes->get('/', 'Home::index');

// #region routes
$routes->get('posts', 'Posts::index');
$routes->post('posts/post_message', 'Posts::post_message');
$routes->get('login/(:num)', 'Login::demo/$1'); // the demo login: replace with your auth
// #endregion routes
