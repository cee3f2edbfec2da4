//! How a spec name is spelled in Rust, and which names the generated code keeps for itself.
//!
//! The check phase derives every Rust name through these functions and stores it in
//! the IR, so a name that passed the checks is exactly the name that is generated.

use crate::naming;

/// The field of every struct that keeps the keys the spec does not name.
pub const EXTRA_FIELD: &str = "extra";

/// The variant of every string enum that keeps the values the spec does not list.
pub const OTHER_VARIANT: &str = "Other";

/// Methods of every request builder; a parameter setter cannot take these names.
pub const BUILDER_METHODS: &[&str] = &["send", "into_future", "new"];

/// `totalSum` → the struct field `total_sum`.
pub fn field(wire: &str) -> String {
    naming::snake_case(wire)
}

/// `KEEP_GIFT` → the enum variant `KeepGift`.
pub fn variant(wire: &str) -> String {
    naming::pascal_case(wire)
}

/// `AuthProvider` → the accessor `client.auth_provider()` and the builders' module `auth_provider`.
pub fn module_accessor(module: &str) -> String {
    naming::snake_case(module)
}

/// `createOrder` → the method `create_order`.
pub fn method(endpoint: &str) -> String {
    naming::snake_case(endpoint)
}

/// `createOrder` → the request builder `CreateOrder`.
pub fn builder(endpoint: &str) -> String {
    naming::pascal_case(endpoint)
}

/// `createOrder` → the `static CREATE_ORDER: Endpoint` that describes it on the wire.
pub fn endpoint_static(endpoint: &str) -> String {
    naming::snake_case(endpoint).to_uppercase()
}

/// `createReview` → the mock server's operation type `reviews::ops::CreateReview` (feature
/// `mock` of the client); it lives in its own module, so it may share the builder's name.
pub fn operation(endpoint: &str) -> String {
    builder(endpoint)
}

/// `createReview` → `reviews::ops::CreateReviewRequest`, what a mock server's handler gets.
/// Next to the operation types, so it clashes with the operation of an endpoint
/// `createReviewRequest` in the same module, which the checks report.
pub fn operation_request(endpoint: &str) -> String {
    format!("{}{OPERATION_REQUEST_SUFFIX}", builder(endpoint))
}

/// The argument of a generated `FromParts::from_parts`; each parameter is read into a local
/// of its own name, so a parameter called `parts` gets `parts_` (and so on) instead.
pub const PARTS_ARGUMENT: &str = "parts";

/// The suffix of [`operation_request`] names.
pub const OPERATION_REQUEST_SUFFIX: &str = "Request";

/// The module inside each module's builders that holds its mock operations (`reviews::ops`);
/// builders are UpperCamelCase, so no builder takes this name.
pub const OPS_MODULE: &str = "ops";

/// The list of every endpoint of the spec, next to the models, for a mock server. A
/// `static`, in the value namespace, where no model, handle or builders' module lives.
pub const ENDPOINTS_STATIC: &str = "ENDPOINTS";

/// The `static` that describes how the API refreshes a session, at the top of the generated
/// items. No spec name can take it: types and module handles are UpperCamelCase, builder
/// modules snake_case.
pub const SESSION_PROTOCOL: &str = "SESSION_PROTOCOL";

/// `langCode` → the argument and setter `lang_code`.
pub fn param(wire: &str) -> String {
    naming::snake_case(wire)
}

/// The method of every module handle besides the endpoints': `Orders::new(&client)`.
pub const HANDLE_METHODS: &[&str] = &["new"];

/// The builder method of a paginated endpoint, which a parameter's setter cannot take.
pub const PAGES_METHOD: &str = "pages";

/// The method argument that carries an endpoint's `body` model.
pub const BODY_ARGUMENT: &str = "body";

/// Methods every `oneentry_client::Client` has: its own inherent ones (public or
/// not) and those of the traits it implements. An accessor with one of these names
/// would clash with it or, as a trait method, never be called.
pub const CLIENT_METHODS: &[&str] = &[
    "builder",
    "language",
    "base_url",
    "session",
    "device_metadata",
    "timeout",
    "execute",
    "prepare",
    "send",
    "refresh_tokens",
    "refresh_now",
    "finish",
    "store_tokens",
    "run",
    "attempt",
    "settle",
    "with_call_options",
    "for_user",
    "deadline",
    "retry_policy",
    "max_body_size",
    // Named in a doc example inside an `impl Client` block, which the sync test reads too.
    "demo",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
    "type_id",
    "fmt",
];

/// A module of the built-in spec, which `oneentry-client` reaches through an inherent
/// accessor (`client.orders()`); inherent methods win over a trait's.
pub struct BuiltInModule {
    pub accessor: &'static str,
    pub path: &'static str,
    pub endpoints: &'static [&'static str],
}

/// The built-in spec's modules. Another spec's module with one of these accessors is
/// never reached unless it is a copy (same path, only built-in endpoints), whose
/// methods the built-in accessor serves just as well.
pub const BUILT_IN_MODULES: &[BuiltInModule] = &[
    BuiltInModule {
        accessor: "auth_provider",
        path: "/api/content/users-auth-providers",
        endpoints: &[
            "signUp",
            "generateCode",
            "checkCode",
            "activateUser",
            "auth",
            "refresh",
            "logout",
            "logoutAll",
            "changePassword",
            "getAuthProviders",
            "getAuthProviderByMarker",
            "getActiveSessionsByMarker",
            "oauth",
        ],
    },
    BuiltInModule {
        accessor: "orders",
        path: "/api/content/orders-storage",
        endpoints: &[
            "getAllOrdersStorage",
            "getOrdersStorageByMarker",
            "previewOrder",
            "createOrder",
            "getOrderByMarkerAndId",
            "getAllOrdersByMarker",
            "updateOrderByMarkerAndId",
            "getAllStatusesByStorageMarker",
            "getRefunds",
            "createRefundRequest",
            "cancelRefundRequest",
        ],
    },
    BuiltInModule {
        accessor: "payments",
        path: "/api/content/payments",
        endpoints: &[
            "createSession",
            "getSessionByOrderId",
            "getSessionById",
            "getSessions",
            "getAccounts",
            "getAccountById",
        ],
    },
    BuiltInModule {
        accessor: "products",
        path: "/api/content/products",
        endpoints: &[
            "getProducts",
            "getProductsEmptyPage",
            "getProductsByPageId",
            "getProductsPriceByPageUrl",
            "getProductsByPageUrl",
            "getRelatedProductsById",
            "getProductsByIds",
            "getProductById",
            "getProductBlockById",
            "searchProduct",
            "getProductsCount",
            "getProductsCountByPageId",
            "getProductsCountByPageUrl",
        ],
    },
    BuiltInModule {
        accessor: "users",
        path: "/api/content/users",
        endpoints: &[
            "getUser",
            "updateUser",
            "archiveUser",
            "deleteUser",
            "addFCMToken",
            "deleteFCMToken",
        ],
    },
    BuiltInModule {
        accessor: "forms",
        path: "/api/content/forms",
        endpoints: &["getAllForms", "getFormByMarker"],
    },
    BuiltInModule {
        accessor: "forms_data",
        path: "/api/content/form-data",
        endpoints: &[
            "postFormsData",
            "getFormsDataByMarker",
            "updateFormsDataByid",
            "updateFormsDataStatusByid",
            "deleteFormsDataByid",
        ],
    },
    BuiltInModule {
        accessor: "pages",
        path: "/api/content/pages",
        endpoints: &[
            "getRootPages",
            "getPages",
            "getPageById",
            "getPageByUrl",
            "getChildPagesByParentUrl",
            "getBlocksByPageUrl",
            "getConfigPageByUrl",
            "searchPage",
        ],
    },
    BuiltInModule {
        accessor: "discounts",
        path: "/api/content/discounts",
        endpoints: &[
            "getAllDiscounts",
            "getDiscountByMarker",
            "validateDiscountsCoupon",
            "getBonusBalance",
            "getBonusHistory",
        ],
    },
    BuiltInModule {
        accessor: "blocks",
        path: "/api/content/blocks",
        endpoints: &[
            "getBlocks",
            "getBlockByMarker",
            "getFrequentlyOrderedProducts",
            "searchBlock",
            "getBlockProducts",
            "getSimilarProducts",
        ],
    },
    BuiltInModule {
        accessor: "templates",
        path: "/api/content/templates",
        endpoints: &["getTemplateByMarker"],
    },
];

/// What a type of the built-in spec is, as far as another spec's checks need to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltInShape {
    Object,
    Enum,
}

/// The types of the built-in spec (`spec/oneentry.json`), which another spec names as
/// `{"builtin": "Order"}` to use `oneentry_client::api::Order`. Listed here rather than read
/// from the file, so the published crate needs no spec; a test keeps it equal to the spec.
pub const BUILT_IN_TYPES: &[(&str, BuiltInShape)] = &[
    ("AuthData", BuiltInShape::Object),
    ("AuthRequest", BuiltInShape::Object),
    ("AuthEntity", BuiltInShape::Object),
    ("FormField", BuiltInShape::Object),
    ("OrderProduct", BuiltInShape::Object),
    ("OrderRequest", BuiltInShape::Object),
    ("Order", BuiltInShape::Object),
    ("DiscountConfig", BuiltInShape::Object),
    ("DiscountSettings", BuiltInShape::Object),
    ("BonusInfo", BuiltInShape::Object),
    ("LocalizeInfo", BuiltInShape::Object),
    ("Picture", BuiltInShape::Object),
    ("OrderLine", BuiltInShape::Object),
    ("StoredOrder", BuiltInShape::Object),
    ("OrdersPage", BuiltInShape::Object),
    ("SessionType", BuiltInShape::Enum),
    ("SessionStatus", BuiltInShape::Enum),
    ("PaymentSession", BuiltInShape::Object),
    ("SessionsPage", BuiltInShape::Object),
    ("NotificationData", BuiltInShape::Object),
    ("SignUpRequest", BuiltInShape::Object),
    ("Rating", BuiltInShape::Object),
    ("SignUpEntity", BuiltInShape::Object),
    ("OAuthRequest", BuiltInShape::Object),
    ("AuthProviderConfig", BuiltInShape::Object),
    ("AuthProviderEntity", BuiltInShape::Object),
    ("DeviceInfo", BuiltInShape::Object),
    ("ActiveSession", BuiltInShape::Object),
    ("PaymentAccountRef", BuiltInShape::Object),
    ("OrderStorage", BuiltInShape::Object),
    ("PreviewProduct", BuiltInShape::Object),
    ("OrderPreviewRequest", BuiltInShape::Object),
    ("PreviewLine", BuiltInShape::Object),
    ("OrderPreview", BuiltInShape::Object),
    ("OrderStatus", BuiltInShape::Object),
    ("RefundQuantity", BuiltInShape::Object),
    ("RefundRequestBody", BuiltInShape::Object),
    ("RefundRequest", BuiltInShape::Object),
    ("AccountType", BuiltInShape::Enum),
    ("AccountSettings", BuiltInShape::Object),
    ("PaymentAccount", BuiltInShape::Object),
    ("AttributeValue", BuiltInShape::Enum),
    ("NumberAttribute", BuiltInShape::Object),
    ("StringAttribute", BuiltInShape::Object),
    ("SearchHit", BuiltInShape::Object),
    ("SortOrder", BuiltInShape::Enum),
    ("ConditionMarker", BuiltInShape::Enum),
    ("ProductSortKey", BuiltInShape::Enum),
    ("ProductFilter", BuiltInShape::Object),
    ("PriceRange", BuiltInShape::Object),
    ("ProductAdditional", BuiltInShape::Object),
    ("ProductPageRef", BuiltInShape::Object),
    ("Product", BuiltInShape::Object),
    ("Template", BuiltInShape::Object),
    ("ProductsPage", BuiltInShape::Object),
    ("ProductPrice", BuiltInShape::Object),
    ("ProductPricesPage", BuiltInShape::Object),
    ("ProductsCount", BuiltInShape::Object),
    ("AggregatedProductGroup", BuiltInShape::Object),
    ("EmptyPageRequest", BuiltInShape::Object),
    ("BlockType", BuiltInShape::Enum),
    ("BlockProductConfig", BuiltInShape::Object),
    ("SimilarProductRule", BuiltInShape::Object),
    ("BlockSettings", BuiltInShape::Object),
    ("Block", BuiltInShape::Object),
    ("BlocksPage", BuiltInShape::Object),
    ("BlockSearchHit", BuiltInShape::Object),
    ("PageLocalizeInfo", BuiltInShape::Object),
    ("Page", BuiltInShape::Object),
    ("PageConfig", BuiltInShape::Object),
    ("FormType", BuiltInShape::Enum),
    ("FormLocalizeInfo", BuiltInShape::Object),
    ("FormAttribute", BuiltInShape::Object),
    ("EntityIdentifier", BuiltInShape::Object),
    ("FormModuleConfig", BuiltInShape::Object),
    ("Form", BuiltInShape::Object),
    ("FormsPage", BuiltInShape::Object),
    ("FormDataRequest", BuiltInShape::Object),
    ("PostedFormDataEntry", BuiltInShape::Object),
    ("PostedFormData", BuiltInShape::Object),
    ("FormDataFilter", BuiltInShape::Object),
    ("FormDataEntry", BuiltInShape::Object),
    ("FormDataPage", BuiltInShape::Object),
    ("FormDataUpdate", BuiltInShape::Object),
    ("UpdatedFormData", BuiltInShape::Object),
    ("FormDataStatusUpdate", BuiltInShape::Object),
    ("UserProfile", BuiltInShape::Object),
    ("UserUpdate", BuiltInShape::Object),
    ("DiscountType", BuiltInShape::Enum),
    ("DiscountApplicability", BuiltInShape::Enum),
    ("DiscountValueType", BuiltInShape::Enum),
    ("ConditionLogic", BuiltInShape::Enum),
    ("DiscountConditionType", BuiltInShape::Enum),
    ("DiscountValue", BuiltInShape::Object),
    ("DiscountCondition", BuiltInShape::Object),
    ("Discount", BuiltInShape::Object),
    ("DiscountsPage", BuiltInShape::Object),
    ("Coupon", BuiltInShape::Object),
    ("CouponValidation", BuiltInShape::Object),
    ("BonusBalance", BuiltInShape::Object),
    ("BonusTransactionType", BuiltInShape::Enum),
    ("BonusTriggerType", BuiltInShape::Enum),
    ("BonusTransaction", BuiltInShape::Object),
];
