//! Records of master data have many attributes of a few kinds (texts, small integers, flags,
//! decimals). `attrs!` declares one kind's attributes once, as a struct generic over the value
//! (`SpecTexts<Option<String>>` as pushed, `SpecTexts<String>` as stored), whose field names
//! are also the table's column names, with the walks every step needs.

macro_rules! attrs {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $f:ident),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name<T> {
            $($(#[$fm])* pub $f: T,)*
        }

        #[allow(dead_code)]
        impl<T> $name<T> {
            /// The attributes' names, which are also their columns, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($f)),*];

            /// Each attribute with its name, in declaration order.
            pub fn pairs(&self) -> Vec<(&'static str, &T)> {
                vec![$((stringify!($f), &self.$f)),*]
            }

            /// The same attributes, each converted.
            pub fn map<U>(self, mut f: impl FnMut(&'static str, T) -> U) -> $name<U> {
                $name { $($f: f(stringify!($f), self.$f),)* }
            }

            /// Each attribute paired with the other record's.
            pub fn zip<U>(self, other: $name<U>) -> $name<(T, U)> {
                $name { $($f: (self.$f, other.$f),)* }
            }

            /// A record built attribute by attribute, in declaration order.
            pub fn try_from_fn<E>(
                mut f: impl FnMut(&'static str) -> Result<T, E>,
            ) -> Result<Self, E> {
                Ok($name { $($f: f(stringify!($f))?,)* })
            }
        }
    };
}
