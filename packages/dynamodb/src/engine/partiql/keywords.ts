/**
 * PartiQL's reserved words, operators and type names as partiql-lang-kotlin's lexer knows
 * them (LexerConstants.kt): a reserved word is never an identifier unless double-quoted.
 */

/** SQL-92 keywords. */
const SQL92 = `absolute action add all allocate alter and any are as asc assertion at authorization avg begin
between bit bit_length by cascade cascaded case cast catalog char character character_length char_length check
close coalesce collate collation column commit connect connection constraint constraints continue convert
corresponding count create cross current current_date current_time current_timestamp current_user cursor date
deallocate dec decimal declare default deferrable deferred delete desc describe descriptor diagnostics
disconnect distinct domain double drop else end end-exec escape except exception exec execute exists external
extract date_add date_diff false fetch first float for foreign found from full get global go goto grant group
having identity immediate in indicator initially inner input insensitive insert int integer intersect interval
into is isolation join key language last left level like local lower match max min module names national
natural nchar next no not null nullif numeric octet_length of on only open option or order outer output
overlaps pad partial position precision prepare preserve primary prior privileges procedure public read real
references relative restrict revoke right rollback rows schema scroll section select session session_user set
size smallint some space sql sqlcode sqlerror sqlstate substring sum system_user table temporary then time
timestamp to transaction translate translation trim true union unique unknown update upper usage user using
value values varchar varying view when whenever where with work write zone`;

/** PartiQL's additional keywords. */
const SQLPP = `can_cast can_lossless_cast missing pivot unpivot limit offset tuple remove index let integer2 int2
integer4 int4 integer8 int8 bigint conflict do nothing returning modified new old bool boolean string symbol clob
blob struct list sexp bag`;

export const KEYWORDS: ReadonlySet<string> = new Set(`${SQL92} ${SQLPP}`.split(/\s+/).filter((w) => w !== ""));

/** Keywords the lexer hands over as operators. */
export const OPERATOR_KEYWORDS: ReadonlySet<string> = new Set(["and", "or", "not", "is", "in", "like", "between"]);

/** Keywords that read as function names when followed by "(". */
export const FUNCTION_NAME_KEYWORDS: ReadonlySet<string> = new Set([
  "exists",
  "count",
  "avg",
  "max",
  "min",
  "sum",
  "substring",
  "char_length",
  "character_length",
  "octet_length",
  "bit_length",
  "upper",
  "lower",
  "size",
  "sexp",
  "list",
  "bag",
]);

/** Keywords that the lexer merges with the next one (MULTI_LEXEME_TOKEN_MAP). */
export const MULTI_LEXEME: ReadonlyMap<string, string> = new Map([
  ["not in", "not_in"],
  ["is not", "is_not"],
  ["not between", "not_between"],
  ["not like", "not_like"],
  ["insert into", "insert_into"],
  ["on conflict", "on_conflict"],
  ["do nothing", "do_nothing"],
  ["modified old", "modified_old"],
  ["modified new", "modified_new"],
  ["all old", "all_old"],
  ["all new", "all_new"],
  ["character varying", "character_varying"],
  ["double precision", "double_precision"],
]);

/** Type names IS accepts (the parser's TYPE_NAME_ARITY_MAP keys). */
export const TYPE_NAMES: ReadonlySet<string> = new Set([
  "missing",
  "null",
  "boolean",
  "bool",
  "smallint",
  "int2",
  "integer2",
  "int4",
  "integer4",
  "int8",
  "integer8",
  "bigint",
  "int",
  "integer",
  "float",
  "real",
  "double_precision",
  "dec",
  "decimal",
  "numeric",
  "timestamp",
  "date",
  "time",
  "char",
  "character",
  "varchar",
  "character_varying",
  "string",
  "symbol",
  "clob",
  "blob",
  "struct",
  "tuple",
  "list",
  "sexp",
  "bag",
  "any",
]);

/** Infix operator precedence (OperatorPrecedenceGroups); NOT binds at 30 as a prefix. */
export const INFIX_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ["or", 10],
  ["and", 20],
  ["=", 40],
  ["<>", 40],
  ["is", 40],
  ["is_not", 40],
  ["in", 40],
  ["not_in", 40],
  ["<", 50],
  ["<=", 50],
  [">", 50],
  [">=", 50],
  ["between", 50],
  ["not_between", 50],
  ["like", 50],
  ["not_like", 50],
  ["+", 60],
  ["-", 60],
  ["||", 60],
  ["*", 70],
  ["/", 70],
  ["%", 70],
]);

export const NOT_PRECEDENCE = 30;
