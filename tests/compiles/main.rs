//! Cases that must compile: every handler shape and policy feature, each a module that builds
//! a `Router` in its `builds` test. They are compiled once with the other tests (not one crate
//! each, as trybuild would), so adding a case costs a module, not a build.
#![allow(dead_code)]

mod any_port_localhost;
mod app_scheme_origins;
mod associated_functions;
mod body_as_written;
mod cfg_attributes;
mod credentials_https;
mod custom_extractors;
mod debug_handler;
mod deprecated_handler;
mod doc_comments_and_allow;
mod extractor_variety;
mod fifteen_extractors;
mod generic_only_in_bounds;
mod generics_where_clause;
mod handler_from_macro_rules;
mod handler_in_function_body;
mod headers_star_and_authorization;
mod impl_into_response;
mod keys_array_form;
mod keys_string_form;
mod max_age;
mod named_policy;
mod named_policy_handler_by_name;
mod no_args;
mod null_with_opt_in;
mod options_single_preflight;
mod origins_env;
mod origins_fn;
mod origins_only_from_an_async_check;
mod patterns_in_args;
mod preflight_equal_policies_any_order;
mod preflight_identical_policies;
mod preflight_macro;
mod private_network;
mod pub_handlers_other_module;
mod pub_policies_alike_in_two_modules;
mod result_with_question_mark;
mod route_layers_and_state;
mod route_named_policy;
mod route_rest_shape;
mod route_root_import_used;
mod router_policy;
mod routing_methods;
mod sixteen_extractors;
mod star_everything;
mod state_path_json;
mod tracing_instrument_below;
mod unit_struct_handler;
mod wildcard_subdomain;
