//! `SocketIO\Binary`: marks bytes to be sent as binary (a Node `Buffer` on the receiving side)
//! instead of a string, which must be UTF-8.

use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendStr, Zval};

use super::args;

#[php_class]
#[php(name = "SocketIO\\Binary")]
#[php(flags = ClassFlags::Final)]
pub struct Binary {
    bytes: Vec<u8>,
}

impl Binary {
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[php_impl]
impl Binary {
    pub fn __construct(bytes: &Zval) -> PhpResult<Self> {
        args::not_reconstructed::<Binary>()?;
        Ok(Binary { bytes: args::string(bytes, 1)?.into_owned() })
    }

    pub fn get_bytes(&self) -> Zval {
        let mut out = Zval::new();
        out.set_zend_string(ZendStr::new(&self.bytes, false));
        out
    }
}
