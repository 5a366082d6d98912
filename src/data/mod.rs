//! Reading the project's data files into validated observations.

pub mod catalogue;
pub mod decode;
pub mod keyfigures;
pub mod table;
