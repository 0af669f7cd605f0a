import { handler } from "@/lib/api/handler";
import { signUp } from "@/lib/users/users";

// New accounts start disabled until an administrator enables them.
export const POST = handler({ public: "sign-up creates a disabled account" }, async ({ body }) => signUp(body));
