import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

/// `/account/profile`: a clinician edits their own profile and credentials; a coordinator edits anyone's
/// (`?therapist=ID`) and marks licences verified.
extension CareController {
    static let profilePath = "/account/profile"

    func addProfileRoutes(to router: Router<CoopRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.profilePath)) { request, context in
            let parameters = request.uri.queryParameters
            let therapist = try Self.profileTarget(parameters["therapist"].map(String.init) ?? "")
            return try await profilePage(therapist: therapist, saved: parameters["done"] == "saved", context: context)
        }
        let posts: [(String, @Sendable (FormFields, MemberID, CoopRequestContext) async throws -> Void)] = [
            ("", { form, id, context in try await care.updateProfile(try Self.profileEdit(form), therapist: id, actor: context.actor, origin: context.origin) }),
            ("/licences", { form, id, context in try await care.saveLicence(try Self.licenceEdit(form), therapist: id, actor: context.actor, origin: context.origin) }),
            ("/licences/remove", { form, id, context in try await care.removeLicence(form["key"], therapist: id, actor: context.actor, origin: context.origin) }),
            ("/licences/verify", { form, id, context in try await care.verifyLicence(form["key"], therapist: id, actor: context.actor, origin: context.origin) }),
            ("/privileges", { form, id, context in try await care.addPrivilege(try Self.privilegeEdit(form), therapist: id, actor: context.actor, origin: context.origin) }),
            ("/privileges/remove", { form, id, context in try await care.removePrivilege(form["key"], therapist: id, actor: context.actor, origin: context.origin) }),
            ("/temporary", { form, id, context in try await care.addTemporary(try Self.temporaryEdit(form), therapist: id, actor: context.actor, origin: context.origin) }),
            ("/temporary/remove", { form, id, context in try await care.removeTemporary(form["key"], therapist: id, actor: context.actor, origin: context.origin) }),
        ]
        for (suffix, action) in posts {
            router.post(RouterPath(stringLiteral: Self.profilePath + suffix)) { request, context in
                var request = request
                let form = try await FormFields.read(&request, context: context)
                let target = try Self.profileTarget(form["therapist"])
                guard let id = target ?? context.actor.memberID else { throw AccessDenied(.notSignedIn) }
                do {
                    try await action(form, id, context)
                    let query = target.map { "&therapist=" + $0.rawValue } ?? ""
                    return Response.redirect(to: Self.profilePath + "?done=saved" + query)
                } catch let error where Self.isFormError(error) || error is ProfileError {
                    return try await profilePage(therapist: target, saved: false, context: context, form: form, formName: suffix, error: error)
                }
            }
        }
    }

    /// The therapist a coordinator names; empty means the actor.
    static func profileTarget(_ text: String) throws -> MemberID? {
        guard !text.isEmpty else { return nil }
        guard let id = MemberID(rawValue: text) else { throw CareAccessError.therapistNotFound }
        return id
    }

    static func profileEdit(_ form: FormFields) throws -> ProfileEdit {
        guard let places = Int(form["sliding_places"].trimmingCharacters(in: .whitespaces)) else {
            throw ProfileError.invalidSlidingPlaces(maximum: CareAccess.mostSlidingPlaces, taken: 0)
        }
        return ProfileEdit(
            bio: form["bio"], languages: form["languages"], specialties: form["specialties"],
            modalities: Set(form.all("modality").compactMap(Modality.init(rawValue:))), deliveries: Set(form.all("delivery").compactMap(Delivery.init(rawValue:))),
            offices: form["offices"], slidingPlaces: places
        )
    }

    static func licenceEdit(_ form: FormFields) throws -> LicenceEdit {
        guard let type = LicenseType(rawValue: form["type"]), let status = CredentialStatus(rawValue: form["status"]) else { throw HTTPError(.badRequest) }
        return LicenceEdit(
            state: form["state"], type: type, number: form["number"], status: status, expires: form["expires"],
            supervisor: MemberID(rawValue: form["supervisor"]), employer: form["employer"]
        )
    }

    static func privilegeEdit(_ form: FormFields) throws -> PrivilegeEdit {
        guard let kind = CompactPrivilege.Kind(rawValue: form["kind"]) else { throw HTTPError(.badRequest) }
        return PrivilegeEdit(
            kind: kind, identifier: form["identifier"], homeState: form["home_state"], coveredStates: form["covered_states"], from: form["from"],
            through: form["through"]
        )
    }

    static func temporaryEdit(_ form: FormFields) throws -> TemporaryEdit {
        guard let basis = TemporaryAuthorization.Basis(rawValue: form["basis"]) else { throw HTTPError(.badRequest) }
        return TemporaryEdit(state: form["state"], basis: basis, approvalReference: form["approval"], from: form["from"], to: form["to"])
    }

    func profilePage(
        therapist: MemberID?, saved: Bool, context: CoopRequestContext, form: FormFields? = nil, formName: String = "", error: (any Error)? = nil
    ) async throws -> Response {
        let language = context.language
        let catalog = renderer.catalog
        let editor = try await care.profileEditor(therapist: therapist, actor: context.actor, origin: context.origin)
        let record = editor.record
        let profile = record?.profile
        let own = editor.therapist == context.actor.memberID
        let mainForm = formName == "" ? form : nil
        var model: [String: Any] = [
            "therapist": own ? "" : editor.therapist.rawValue, "name": editor.name, "own": own, "hasRecord": record != nil,
            "publicURL": URLs.therapist(editor.therapist.rawValue),
            "bio": mainForm?["bio"] ?? record?.bio ?? "",
            "languages": mainForm?["languages"] ?? (profile?.languages.map(\.tag).sorted().joined(separator: ", ") ?? ""),
            "specialties": mainForm?["specialties"] ?? (profile?.specialties.map(\.slug).sorted().joined(separator: ", ") ?? ""),
            "offices": mainForm?["offices"] ?? (record?.offices.map(\.line).joined(separator: "\n") ?? ""),
            "sliding_places": mainForm?["sliding_places"] ?? String(profile?.slidingScale.places ?? 0),
            "sliding_taken": String(profile?.slidingScale.taken ?? 0),
        ]
        let modalities = mainForm.map { Set($0.all("modality")) } ?? Set((profile?.modalities ?? [.individual]).map(\.rawValue))
        model["modalities"] = Modality.allCases.map {
            ["value": $0.rawValue, "name": catalog.text("care.modality.\($0.rawValue)", language), "checked": modalities.contains($0.rawValue)]
        }
        let deliveries = mainForm.map { Set($0.all("delivery")) } ?? Set((profile?.deliveries ?? [.telehealth]).map(\.rawValue))
        model["deliveries"] = Delivery.allCases.map {
            ["value": $0.rawValue, "name": catalog.text("care.delivery.\($0.rawValue)", language), "checked": deliveries.contains($0.rawValue)]
        }
        let canVerify = ProfilePolicy.decide(context.actor, .verify(therapist: editor.therapist)).isAllowed
        let credentials = profile?.credentials
        model["licences"] = (credentials?.licenses ?? []).map { licence -> [String: Any] in
            let key = TherapistStore.credentialKey(therapist: editor.therapist, licence)
            let verification = editor.verifications[key].flatMap { $0.status == licence.status && $0.expires == licence.expires ? $0 : nil }
            var item: [String: Any] = [
                "key": key, "state": licence.state.code, "type": licence.type.rawValue, "number": licence.number,
                "status": catalog.text("care.credential_status.\(licence.status.rawValue)", language), "expires": licence.expires.description,
                "canVerify": canVerify,
            ]
            if let verification {
                item["verified"] = catalog.text("profile.verified_on", language, ["date": IANATimeZone.utc.localDate(at: verification.verifiedAt).description])
            }
            if licence.type.isAssociate, let link = credentials?.supervision.first(where: { $0.supervisorLicense.state == licence.state }) {
                let supervisorName = editor.supervisors.first { $0.id == link.supervisor }?.name ?? ""
                item["supervision"] = catalog.text(
                    "profile.supervised_by", language, ["name": supervisorName, "type": link.supervisorLicense.type.rawValue, "employer": link.employer]
                )
            }
            return item
        }
        model["hasLicences"] = !(credentials?.licenses ?? []).isEmpty
        model["privileges"] = (credentials?.privileges ?? []).map { privilege -> [String: Any] in
            [
                "key": "\(privilege.kind.rawValue):\(privilege.identifier)", "kind": catalog.text("profile.compact.\(privilege.kind.rawValue)", language),
                "identifier": privilege.identifier, "home": privilege.homeState.code,
                "covered": privilege.coveredStates.map(\.code).sorted().joined(separator: ", "),
                "from": privilege.validFrom.description, "through": privilege.validThrough.description,
            ]
        }
        model["hasPrivileges"] = !(credentials?.privileges ?? []).isEmpty
        model["temporary"] = (credentials?.temporary ?? []).map { authorisation -> [String: Any] in
            [
                "key": "\(authorisation.state.code):\(authorisation.validFrom)", "state": authorisation.state.code,
                "basis": catalog.text("profile.basis.\(authorisation.basis.rawValue)", language),
                "from": authorisation.validFrom.description, "to": authorisation.validThrough.description,
            ]
        }
        model["hasTemporary"] = !(credentials?.temporary ?? []).isEmpty
        // The add forms keep what was typed when they were refused.
        let licenceForm = formName == "/licences" ? form : nil
        let privilegeForm = formName == "/privileges" ? form : nil
        let temporaryForm = formName == "/temporary" ? form : nil
        func states(_ selected: String) -> [[String: Any]] { USState.allCases.map { ["code": $0.code, "selected": $0.code == selected] } }
        model["licenceStates"] = states(licenceForm?["state"] ?? "CA")
        model["licenceTypes"] = LicenseType.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == licenceForm?["type"]] }
        model["licenceStatuses"] = CredentialStatus.allCases.map {
            ["value": $0.rawValue, "name": catalog.text("care.credential_status.\($0.rawValue)", language), "selected": $0.rawValue == (licenceForm?["status"] ?? "active")]
        }
        model["licenceNumber"] = licenceForm?["number"] ?? ""
        model["licenceExpires"] = licenceForm?["expires"] ?? ""
        model["employer"] = licenceForm?["employer"] ?? ""
        model["supervisors"] = editor.supervisors.map { supervisor -> [String: Any] in
            [
                "id": supervisor.id.rawValue, "selected": supervisor.id.rawValue == licenceForm?["supervisor"],
                "label": supervisor.name + " (" + supervisor.licences.map { "\($0.type.rawValue) \($0.state.code)" }.joined(separator: ", ") + ")",
            ]
        }
        model["compactKinds"] = CompactPrivilege.Kind.allCases.map {
            ["value": $0.rawValue, "name": catalog.text("profile.compact.\($0.rawValue)", language), "selected": $0.rawValue == privilegeForm?["kind"]]
        }
        model["privilegeHomeStates"] = states(privilegeForm?["home_state"] ?? "")
        model["privilegeIdentifier"] = privilegeForm?["identifier"] ?? ""
        model["privilegeCovered"] = privilegeForm?["covered_states"] ?? ""
        model["privilegeFrom"] = privilegeForm?["from"] ?? ""
        model["privilegeThrough"] = privilegeForm?["through"] ?? ""
        model["temporaryStates"] = states(temporaryForm?["state"] ?? "")
        model["bases"] = TemporaryAuthorization.Basis.allCases.map {
            ["value": $0.rawValue, "name": catalog.text("profile.basis.\($0.rawValue)", language), "selected": $0.rawValue == temporaryForm?["basis"]]
        }
        model["temporaryApproval"] = temporaryForm?["approval"] ?? ""
        model["temporaryFrom"] = temporaryForm?["from"] ?? ""
        model["temporaryTo"] = temporaryForm?["to"] ?? ""
        if saved { model["done"] = catalog.text("profile.saved", language) }
        model.merge(try await PhotoController(care: care, renderer: renderer).profileModel(editor.therapist, name: editor.name, context: context)) { _, new in new }
        let status = renderer.note(error, in: &model, context: context)
        var response = renderer.render("profile", title: "profile.title", model: model, status: status, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
