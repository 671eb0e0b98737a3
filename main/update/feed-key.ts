/**
 * The public half of the key that signs this app's update feeds (feed-signature.ts says why it is pinned
 * here). The release owner keeps the private half outside the repository (scripts/sign-update-feed.mjs
 * reads it from the environment) and, to rotate it, replaces this constant in a release signed with the
 * old one. A feed signed with any other key is refused.
 */
export const pinnedFeedPublicKey = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA1k96Q+YfT6uQs+FwXrefxkdBYZOPn4TUZJLBdZy9zxY=
-----END PUBLIC KEY-----
`;
