/*
 * The engine details src/php hard-codes (listed in src/php/engine.rs), checked against one PHP's
 * own headers: this file compiles only if every one of them holds for that PHP.
 *
 *   cc -fsyntax-only -Werror $(php-config --includes) packaging/php-matrix/engine-constants.c
 *
 * packaging/php-matrix/test.sh runs it for every PHP of the matrix; the details that are code
 * rather than constants (an enum case's property slots in zend_enum.h's static inlines,
 * php_log_err()'s expansion in php.h) are compared as text there.
 */
#include "php.h"
#include "zend_attributes.h"
#include "zend_compile.h"
#include "zend_enum.h"
#include "zend_hash.h"
#include "zend_type_info.h"
#include "zend_types.h"
#include <stddef.h>
#include <syslog.h>

/* src/php/args.rs EXTRA_NAMED_PARAMS */
_Static_assert(ZEND_CALL_HAS_EXTRA_NAMED_PARAMS == (1u << 27), "ZEND_CALL_HAS_EXTRA_NAMED_PARAMS moved");

/* src/php/signatures.rs: arginfo type-mask bits */
_Static_assert(MAY_BE_NULL == (1u << 1), "MAY_BE_NULL moved");
_Static_assert(MAY_BE_FALSE == (1u << 2), "MAY_BE_FALSE moved");
_Static_assert(MAY_BE_TRUE == (1u << 3), "MAY_BE_TRUE moved");
_Static_assert(MAY_BE_LONG == (1u << 4), "MAY_BE_LONG moved");
_Static_assert(MAY_BE_STRING == (1u << 6), "MAY_BE_STRING moved");
_Static_assert(MAY_BE_ARRAY == (1u << 7), "MAY_BE_ARRAY moved");
_Static_assert(MAY_BE_CALLABLE == (1u << 12), "MAY_BE_CALLABLE moved");
_Static_assert(_ZEND_TYPE_EXTRA_FLAGS_SHIFT == 25, "_ZEND_TYPE_EXTRA_FLAGS_SHIFT moved");

/* src/php/signatures.rs: attributes */
_Static_assert(ZEND_ATTRIBUTE_PERSISTENT == (1u << 0), "ZEND_ATTRIBUTE_PERSISTENT moved");
/* zend_add_attribute(attributes, name, argc, flags, offset, lineno): checked with the functions
 * below. */

/* src/php/table.rs: packed arrays are flagged so and hold bare zvals (PHP >= 8.2) */
_Static_assert(HASH_FLAG_PACKED == (1u << 2), "HASH_FLAG_PACKED moved");
_Static_assert(offsetof(HashTable, arPacked) == offsetof(HashTable, arData), "arPacked is not arData's slot");
_Static_assert(sizeof(*((HashTable *)0)->arPacked) == sizeof(zval), "packed elements are not bare zvals");

/* src/php/error_log.rs */
_Static_assert(LOG_NOTICE == 5, "LOG_NOTICE is not 5");

/* src/php/engine.rs: the functions looked up at run time, with the prototypes it declares. The
 * zval argument may be const or not (PHP has changed that; the ABI is the same pointer). */
#define SAME_TYPE(f, type) __builtin_types_compatible_p(__typeof__(&(f)), type)
#define PROTOTYPE(f, ret, first, ...) \
    _Static_assert(SAME_TYPE(f, ret (*)(first *, __VA_ARGS__)) || SAME_TYPE(f, ret (*)(const first *, __VA_ARGS__)), \
                   #f " changed its prototype")
PROTOTYPE(zend_parse_arg_str_slow, bool, zval, zend_string **, uint32_t);
PROTOTYPE(zend_parse_arg_bool_slow, bool, zval, bool *, uint32_t);
PROTOTYPE(zend_parse_arg_long_slow, bool, zval, zend_long *, uint32_t);
PROTOTYPE(zend_get_properties_for, HashTable *, zval, zend_prop_purpose);
PROTOTYPE(zend_add_attribute, zend_attribute *, HashTable *, zend_string *, uint32_t, uint32_t, uint32_t, uint32_t);
PROTOTYPE(php_log_err_with_severity, void, char, int);
