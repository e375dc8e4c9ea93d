// Temporary: keeps the features library non-empty until the first feature lands.
namespace session::features {}
