<?php

/*
 * A stand-in for the parts of CodeIgniter 4 that the module and the example use, written from
 * CodeIgniter's public API documentation (no framework code). CodeIgniter 4 is in no package
 * registry these machines reach, so the tests run the module's real code on these stand-ins;
 * how the module behaves in a real CodeIgniter 4 app was checked by hand (see ../README.md).
 *
 * What is modelled, as documented for CodeIgniter 4.4+:
 * - PSR-4 namespaces and module discovery: Config/Services.php, Config/<Name>.php, Helpers/
 *   <name>_helper.php and Commands/*.php are looked up in every registered namespace;
 * - BaseConfig: public properties overridden from the environment by `<shortname>.<property>`
 *   (`socketio.url`), arrays by `<shortname>.<property>.<key>` for keys that exist,
 *   "true"/"false" as booleans, int and float defaults cast;
 * - BaseService::getSharedInstance(), config(), service(), helper(), model(), view() with
 *   extend/section, esc(), session(), log_message() with {placeholder} interpolation;
 * - BaseCommand/CLI (write to stdout, error to stderr, options merged into $params), spark's
 *   exit code from run();
 * - Controller with $helpers, a request (POST fields, headers) and a JSON response, redirect();
 * - Migration with a Forge that writes SQLite DDL through PDO (addField, addKey, createTable,
 *   dropTable), and a RouteCollection that records get()/post().
 */

declare(strict_types=1);

namespace CodeIgniter\Config {
    class BaseConfig
    {
        public function __construct()
        {
            $class = static::class;
            $short = strtolower(substr($class, strrpos($class, '\\') + 1));
            foreach (array_keys(get_object_vars($this)) as $property) {
                $this->{$property} = self::fromEnv($this->{$property}, "{$short}.{$property}");
            }
        }

        private static function fromEnv(mixed $current, string $name): mixed
        {
            if (is_array($current)) {
                foreach ($current as $key => $value) {
                    $current[$key] = self::fromEnv($value, "{$name}.{$key}");
                }

                return $current;
            }
            $value = $_ENV[$name] ?? $_SERVER[$name] ?? (getenv($name) === false ? null : getenv($name));
            if ($value === null) {
                return $current;
            }
            if ($value === 'true' || $value === 'false') {
                return $value === 'true';
            }
            $value = trim($value, '\'"');

            return match (true) {
                is_int($current) => (int) $value,
                is_float($current) => (float) $value,
                default => $value,
            };
        }
    }

    class BaseService
    {
        /** @var array<string, object> */
        protected static array $instances = [];

        protected static function getSharedInstance(string $key, mixed ...$params): object
        {
            $key = strtolower($key);
            if (! isset(static::$instances[$key])) {
                $params[] = false;
                static::$instances[$key] = \Config\Services::$key(...$params);
            }

            return static::$instances[$key];
        }

        public static function injectMock(string $key, object $instance): void
        {
            static::$instances[strtolower($key)] = $instance;
        }
    }
}

namespace Config {
    use CodeIgniter\Config\BaseService;

    /** The app's Config\Services: unknown names go to the Services classes discovered in modules. */
    class Services extends BaseService
    {
        public static function __callStatic(string $name, array $arguments): mixed
        {
            foreach (\Shim\Modules::classes('Config/Services') as $class) {
                if (method_exists($class, $name)) {
                    return $class::$name(...$arguments);
                }
            }
            if (isset(\Shim\Registry::$services[strtolower($name)])) {
                return \Shim\Registry::$services[strtolower($name)];
            }

            throw new \LogicException("no service {$name}");
        }
    }
}

namespace CodeIgniter\CLI {
    abstract class BaseCommand
    {
        protected $group;
        protected $name;
        protected $usage;
        protected $description;
        protected $options = [];
        protected $arguments = [];

        public function __construct(protected $logger = null, protected $commands = null)
        {
        }

        abstract public function run(array $params);

        public function __get(string $key): mixed
        {
            return $this->{$key} ?? null;
        }
    }

    class CLI
    {
        /** @var array<string, string|null> */
        public static array $options = [];

        public static function write(string $text = '', ?string $foreground = null, ?string $background = null): void
        {
            fwrite(STDOUT, $text . PHP_EOL);
        }

        public static function error(string $text, string $foreground = 'light_red', ?string $background = null): void
        {
            fwrite(STDERR, $text . PHP_EOL);
        }

        public static function newLine(int $num = 1): void
        {
            fwrite(STDOUT, str_repeat(PHP_EOL, $num));
        }

        public static function color(string $text, string $foreground, ?string $background = null, ?string $format = null): string
        {
            return $text;
        }

        public static function getOption(string $name): mixed
        {
            return self::$options[$name] ?? null;
        }
    }
}

namespace CodeIgniter {
    abstract class Controller
    {
        protected $helpers = [];

        public function __construct(public \Shim\Request $request, public \Shim\Response $response)
        {
            helper($this->helpers);
        }
    }

    /** In memory; enough of Model for insert() and the example's query. */
    class Model
    {
        protected $table;
        protected $returnType = 'array';
        protected $allowedFields = [];
        protected $useTimestamps = false;
        protected $createdField = 'created_at';
        protected $updatedField = 'updated_at';

        /** @var array<string, list<array<string, mixed>>> rows per table */
        public static array $tables = [];

        private array $query = [];

        public function insert(array $row): int
        {
            $row = array_intersect_key($row, array_flip($this->allowedFields));
            if ($this->useTimestamps) {
                foreach (array_filter([$this->createdField, $this->updatedField]) as $field) {
                    $row[$field] = date('Y-m-d H:i:s');
                }
            }
            $row['id'] = count(self::$tables[$this->table] ?? []) + 1;
            self::$tables[$this->table][] = $row;

            return $row['id'];
        }

        public function orderBy(string $field, string $direction = 'ASC'): static
        {
            $this->query['order'] = [$field, strtoupper($direction)];

            return $this;
        }

        public function limit(int $limit): static
        {
            $this->query['limit'] = $limit;

            return $this;
        }

        public function where(string $field, mixed $value): static
        {
            $this->query['where'][$field] = $value;

            return $this;
        }

        public function findAll(): array
        {
            $rows = self::$tables[$this->table] ?? [];
            foreach ($this->query['where'] ?? [] as $field => $value) {
                $rows = array_values(array_filter($rows, static fn ($r) => $r[$field] == $value));
            }
            if (isset($this->query['order'])) {
                [$field, $dir] = $this->query['order'];
                usort($rows, static fn ($a, $b) => $dir === 'DESC' ? $b[$field] <=> $a[$field] : $a[$field] <=> $b[$field]);
            }
            $limit = $this->query['limit'] ?? null;
            $this->query = [];

            return $limit === null ? $rows : array_slice($rows, 0, $limit);
        }
    }
}

namespace CodeIgniter\Database {
    /** The parts of Forge a migration uses, as SQLite DDL on a PDO connection. */
    class Forge
    {
        private array $fields = [];
        private array $primary = [];
        private array $keys = [];

        public function __construct(public \PDO $pdo)
        {
        }

        public function addField(array $fields): static
        {
            $this->fields += $fields;

            return $this;
        }

        public function addKey(string $field, bool $primary = false): static
        {
            if ($primary) {
                $this->primary[] = $field;
            } else {
                $this->keys[] = $field;
            }

            return $this;
        }

        public function createTable(string $table): void
        {
            $columns = [];
            foreach ($this->fields as $name => $f) {
                $type = strtoupper($f['type']);
                $type = $type === 'INT' ? 'INTEGER' : $type . (isset($f['constraint']) ? "({$f['constraint']})" : '');
                if (! empty($f['auto_increment'])) {
                    if ($this->primary !== [$name]) {
                        throw new \LogicException("{$table}.{$name}: auto_increment needs it to be the only primary key");
                    }
                    $columns[] = "\"{$name}\" INTEGER PRIMARY KEY AUTOINCREMENT";
                    continue;
                }
                $columns[] = "\"{$name}\" {$type}" . (empty($f['null']) ? ' NOT NULL' : ' NULL');
            }
            $this->pdo->exec("CREATE TABLE \"{$table}\" (" . implode(', ', $columns) . ')');
            foreach ($this->keys as $key) {
                $this->pdo->exec("CREATE INDEX \"{$table}_{$key}\" ON \"{$table}\" (\"{$key}\")");
            }
            $this->fields = $this->primary = $this->keys = [];
        }

        public function dropTable(string $table): void
        {
            $this->pdo->exec("DROP TABLE \"{$table}\"");
        }
    }

    abstract class Migration
    {
        public function __construct(protected Forge $forge)
        {
        }

        abstract public function up();

        abstract public function down();
    }
}

namespace CodeIgniter\Router {
    /** Records the routes app/Config/Routes.php declares. */
    class RouteCollection
    {
        /** @var list<array{0: string, 1: string, 2: string}> [verb, path, handler] */
        public array $routes = [];

        public function get(string $path, string $handler): void
        {
            $this->routes[] = ['GET', $path, $handler];
        }

        public function post(string $path, string $handler): void
        {
            $this->routes[] = ['POST', $path, $handler];
        }
    }
}

namespace App\Controllers {
    abstract class BaseController extends \CodeIgniter\Controller
    {
    }
}

namespace Shim {
    /** PSR-4 namespaces of the app and its modules, searched in order, as CodeIgniter's FileLocator. */
    final class Modules
    {
        /** @var array<string, string> namespace prefix => directory */
        public static array $psr4 = [];

        public static function register(string $prefix, string $dir): void
        {
            self::$psr4[trim($prefix, '\\') . '\\'] = rtrim($dir, '/');
        }

        /** @return list<string> every file `<namespace dir>/<relative>.php` */
        public static function search(string $relative): array
        {
            $found = [];
            foreach (self::$psr4 as $dir) {
                if (is_file("{$dir}/{$relative}.php")) {
                    $found[] = "{$dir}/{$relative}.php";
                }
            }

            return $found;
        }

        /** @return list<class-string> the classes defined by search($relative) */
        public static function classes(string $relative): array
        {
            $classes = [];
            foreach (self::$psr4 as $prefix => $dir) {
                if (is_file("{$dir}/{$relative}.php")) {
                    $classes[] = $prefix . str_replace('/', '\\', $relative);
                }
            }

            return $classes;
        }

        /** @return list<class-string> classes in every namespace's Commands/ directory */
        public static function commands(): array
        {
            $classes = [];
            foreach (self::$psr4 as $prefix => $dir) {
                foreach (glob("{$dir}/Commands/*.php") ?: [] as $file) {
                    $classes[] = $prefix . 'Commands\\' . basename($file, '.php');
                }
            }

            return $classes;
        }
    }

    final class Registry
    {
        /** @var array<string, object> config() instances by short name */
        public static array $configs = [];
        /** @var array<string, object> other services (request, session) */
        public static array $services = [];
        /** @var list<array{level: string, message: string}> what log_message() received */
        public static array $log = [];
        /** @var array<string, mixed> */
        public static array $session = [];
    }

    final class Request
    {
        /** @param array<string, string> $post @param array<string, string> $headers */
        public function __construct(private array $post = [], private array $headers = [])
        {
        }

        public function getPost(string $name): ?string
        {
            return $this->post[$name] ?? null;
        }

        public function getHeaderLine(string $name): string
        {
            foreach ($this->headers as $key => $value) {
                if (strcasecmp($key, $name) === 0) {
                    return $value;
                }
            }

            return '';
        }
    }

    final class Response
    {
        public int $status = 200;
        public mixed $json = null;
        public ?string $body = null;

        public function setStatusCode(int $status): self
        {
            $this->status = $status;

            return $this;
        }

        public function setJSON(mixed $body): self
        {
            $this->json = $body;

            return $this;
        }

        public function setBody(string $body): self
        {
            $this->body = $body;

            return $this;
        }
    }

    final class RedirectResponse
    {
        public ?string $location = null;

        public function to(string $uri): self
        {
            $this->location = $uri;

            return $this;
        }
    }

    final class Session
    {
        public function get(string $key): mixed
        {
            return Registry::$session[$key] ?? null;
        }

        public function set(string $key, mixed $value): void
        {
            Registry::$session[$key] = $value;
        }
    }

    /** A view file runs with its data as variables and $this for extend()/section(). */
    final class View
    {
        private ?string $layout = null;
        private array $sections = [];
        private ?string $open = null;

        public function __construct(private array $data)
        {
        }

        public function render(string $name): string
        {
            $file = Modules::search("Views/{$name}")[0] ?? throw new \LogicException("no view {$name}");
            $output = (function (string $__file, array $__data): string {
                extract($__data);
                ob_start();
                include $__file;

                return (string) ob_get_clean();
            })->call($this, $file, $this->data);
            if ($this->layout !== null) {
                $layout = $this->layout;
                $this->layout = null;

                return $this->render($layout);
            }

            return $output;
        }

        public function extend(string $layout): string
        {
            $this->layout = $layout;

            return '';
        }

        public function section(string $name): string
        {
            $this->open = $name;
            ob_start();

            return '';
        }

        public function endSection(): string
        {
            $this->sections[$this->open] = (string) ob_get_clean();
            $this->open = null;

            return '';
        }

        public function renderSection(string $name): string
        {
            return $this->sections[$name] ?? '';
        }
    }

    /**
     * `php spark <name> args... --option value`: finds the command by its $name among every
     * namespace's Commands/, merges options into $params as CodeIgniter's Console does, and
     * returns what run() returns (spark's exit code).
     *
     * @param list<string> $argv
     */
    function spark(array $argv): int
    {
        $name = array_shift($argv);
        $params = [];
        $options = [];
        for ($i = 0; $i < count($argv); $i++) {
            if (! str_starts_with($argv[$i], '--')) {
                $params[] = $argv[$i];
                continue;
            }
            $option = substr($argv[$i], 2);
            $hasValue = isset($argv[$i + 1]) && ! str_starts_with($argv[$i + 1], '--');
            $options[$option] = $hasValue ? $argv[++$i] : null;
        }
        \CodeIgniter\CLI\CLI::$options = $options;
        foreach (Modules::commands() as $class) {
            $reflection = new \ReflectionClass($class);
            if ($reflection->isAbstract() || ! $reflection->isSubclassOf(\CodeIgniter\CLI\BaseCommand::class)) {
                continue;
            }
            $command = new $class();
            if ($command->name === $name) {
                $exit = $command->run([...$params, ...$options]);

                return is_int($exit) ? $exit : 0;
            }
        }

        throw new \LogicException("no command {$name}");
    }

    spl_autoload_register(static function (string $class): void {
        foreach (Modules::$psr4 as $prefix => $dir) {
            if (str_starts_with($class, $prefix)) {
                $file = $dir . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                if (is_file($file)) {
                    require $file;
                }

                return;
            }
        }
    });
}

namespace {
    use Shim\Modules;
    use Shim\Registry;

    /** config('SocketIO'): Config\SocketIO of the app if present, else the first module's. */
    function config(string $name): object
    {
        $short = substr($name, (int) strrpos('\\' . $name, '\\'));
        if (! isset(Registry::$configs[$short])) {
            $class = class_exists("Config\\{$short}") ? "Config\\{$short}" : (Modules::classes("Config/{$short}")[0] ?? null);
            if ($class === null) {
                throw new LogicException("no config {$name}");
            }
            Registry::$configs[$short] = new $class();
        }

        return Registry::$configs[$short];
    }

    function service(string $name, mixed ...$params): ?object
    {
        return \Config\Services::$name(...$params);
    }

    /** @param string|list<string> $names */
    function helper(string|array $names): void
    {
        foreach ((array) $names as $name) {
            foreach (Modules::search("Helpers/{$name}_helper") as $file) {
                require_once $file;
            }
        }
    }

    function model(string $class): object
    {
        return new $class();
    }

    function view(string $name, array $data = []): string
    {
        return (new Shim\View($data))->render($name);
    }

    function esc(mixed $data, string $context = 'html'): string
    {
        return htmlspecialchars((string) $data, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    function site_url(string $path = ''): string
    {
        return '/index.php/' . ltrim($path, '/');
    }

    function redirect(): Shim\RedirectResponse
    {
        return new Shim\RedirectResponse();
    }

    function session(): Shim\Session
    {
        return new Shim\Session();
    }

    function log_message(string $level, string $message, array $context = []): void
    {
        $replace = [];
        foreach ($context as $key => $value) {
            $replace['{' . $key . '}'] = (string) $value;
        }
        Registry::$log[] = ['level' => $level, 'message' => strtr($message, $replace)];
    }
}
