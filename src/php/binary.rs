//! `SocketIO\Binary`: marks bytes to be sent as binary (a Node `Buffer` on the receiving side)
//! instead of a string, which must be UTF-8.

use std::sync::Arc;

use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendStr, Zval};

use super::args;
use super::initialised::{self, Initialised};

#[php_class]
#[php(name = "SocketIO\\Binary")]
#[php(flags = ClassFlags::Final)]
#[derive(Default)]
pub struct Binary {
    /// `None` until the constructor has run (see `initialised`). Shared with the values that
    /// send it, so an emit copies nothing before encoding.
    bytes: Option<Arc<Vec<u8>>>,
}

impl Binary {
    /// `None` for an object whose constructor never ran: it has no bytes to send.
    pub fn bytes(&self) -> Option<&Arc<Vec<u8>>> {
        self.bytes.as_ref()
    }
}

impl Binary {
    /// Bytes received from a server (an answer), wrapped as if `new SocketIO\Binary($bytes)`.
    pub fn from_bytes(bytes: Arc<Vec<u8>>) -> Self {
        Binary { bytes: Some(bytes) }
    }
}

impl Initialised for Binary {
    fn is_initialised(&self) -> bool {
        self.bytes.is_some()
    }
}

#[php_impl]
impl Binary {
    pub fn __construct(bytes: &Zval) -> PhpResult<Self> {
        args::not_reconstructed::<Binary>()?;
        Ok(Binary { bytes: Some(Arc::new(args::string(bytes, 1)?.into_owned())) })
    }

    pub fn get_bytes(&self) -> PhpResult<Zval> {
        let bytes = self.bytes().ok_or_else(initialised::error::<Binary>)?;
        let mut out = Zval::new();
        out.set_zend_string(ZendStr::new(bytes.as_slice(), false));
        Ok(out)
    }
}
