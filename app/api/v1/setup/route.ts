import { handler } from "@/lib/api/handler";
import { setupFirstAdmin } from "@/lib/users/users";

// Open only until the first user exists; setupFirstAdmin refuses afterwards.
export const POST = handler({ public: "first-run setup, refused once any user exists" }, async ({ body }) => setupFirstAdmin(body));
